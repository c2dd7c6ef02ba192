import { render } from 'solid-js/web';
import { App } from './App';
import { ClientProvider, connectEngine, createEngineClient, nextPaint, saveWhenHidden } from './client';
import './app.css';

// The one live engine of this page: its worker starts here, not on some module's import.
const client = createEngineClient(
  connectEngine(new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' })),
  // A backup imported from any tab replaced the market: this page starts again from the new one.
  // Frames that arrive between two paints are drawn once, together (src/ui/client/frameBatch.ts).
  { onReplaced: () => location.reload(), schedule: nextPaint() },
);

render(
  () => (
    <ClientProvider client={client}>
      <App />
    </ClientProvider>
  ),
  document.getElementById('root')!,
);

// Started once the shell is on screen (as the shell's onMount did); the page hooks once the engine answers.
void client.start().then(() => saveWhenHidden(client.engine));
