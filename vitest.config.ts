import { defineConfig } from 'vitest/config';

// src/feeds speaks to venues through the platform's WebSocket, as a browser or
// a worker has it; Node 20 has a global WebSocket only behind this flag (Node
// 22+ has it by default). msw's ws.link mocks that global in the feeds tests.
const execArgv = typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'undefined' ? ['--experimental-websocket'] : [];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    execArgv,
  },
});
