import { render } from 'solid-js/web';
import { App } from './App';
import { PwaControls } from './pwa/PwaControls';
import './app.css';

render(
  () => (
    <>
      <App />
      <PwaControls />
    </>
  ),
  document.getElementById('root')!,
);
