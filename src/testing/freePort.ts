import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 now (the OS picks it; closed again before it is handed over). */
export function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}
