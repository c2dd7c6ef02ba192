import { Show, createEffect, createSignal, onCleanup } from 'solid-js';
import { useRegisterSW } from 'virtual:pwa-register/solid';
import './pwa.css';

/** Chromium's install event; not in TypeScript's DOM library. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

/** How often a long-open tab asks the server whether a new version exists. */
const UPDATE_CHECK_MS = 60 * 60_000;
/** How long "Ready to work offline" stays before it goes away by itself. */
const OFFLINE_NOTICE_MS = 8_000;

/**
 * The app's side of the service worker: registers it, offers a new version
 * when one is waiting (never reloads by itself: a trading session may be open),
 * says once that the app now works offline, and offers "Install app" when the
 * browser allows it.
 */
export function PwaControls() {
  let updateTimer: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(updateTimer));
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    // After the page's load event, not during its first render: installing the worker precaches the whole build,
    // work that would compete with the first paint and the first prices on a slow phone.
    immediate: false,
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      updateTimer = setInterval(() => {
        if (navigator.onLine && !registration.installing) registration.update().catch(() => {});
      }, UPDATE_CHECK_MS);
    },
    onRegisterError(error) {
      // The app still works online without a service worker; nothing to show the person.
      console.warn('Bourse: the service worker did not register', error);
    },
  });

  const [reloading, setReloading] = createSignal(false);
  const reload = () => {
    setReloading(true);
    // Tells the waiting worker to take over; the page reloads once it controls it.
    void updateServiceWorker(true);
  };

  createEffect(() => {
    if (!offlineReady()) return;
    const timer = setTimeout(() => setOfflineReady(false), OFFLINE_NOTICE_MS);
    onCleanup(() => clearTimeout(timer));
  });

  // The browser fires beforeinstallprompt when the app can be installed; the
  // event is the only way to show its install dialog, and only once.
  const [installEvent, setInstallEvent] = createSignal<BeforeInstallPromptEvent | null>(null);
  const onBeforeInstall = (e: Event) => {
    e.preventDefault(); // our button instead of the browser's mini-infobar
    setInstallEvent(e as BeforeInstallPromptEvent);
  };
  const onInstalled = () => setInstallEvent(null);
  window.addEventListener('beforeinstallprompt', onBeforeInstall);
  window.addEventListener('appinstalled', onInstalled);
  onCleanup(() => {
    window.removeEventListener('beforeinstallprompt', onBeforeInstall);
    window.removeEventListener('appinstalled', onInstalled);
  });
  const install = async () => {
    const e = installEvent();
    if (!e) return;
    setInstallEvent(null);
    await e.prompt();
    // If the person declines, the browser may fire beforeinstallprompt again later.
    await e.userChoice;
  };

  return (
    <div class="pwa">
      {/* Always in the DOM, so screen readers announce what appears inside it. */}
      <div class="pwa-live" role="status" aria-live="polite">
        <Show when={needRefresh()}>
          <div class="pwa-toast">
            <p>A new version of Bourse is ready.</p>
            <div class="pwa-actions">
              <button type="button" class="pwa-primary" onClick={reload} disabled={reloading()}>
                Reload
              </button>
              <button type="button" onClick={() => setNeedRefresh(false)} disabled={reloading()}>
                Later
              </button>
            </div>
          </div>
        </Show>
        <Show when={offlineReady()}>
          {/* Arrives a second after the first paint: it takes the room left on the header's first line (pwa.css),
              so the page below does not jump (a layout shift). */}
          <div class="pwa-toast pwa-ready">
            <p title="Ready to work offline.">Ready to work offline.</p>
            <button type="button" aria-label="Dismiss" title="Dismiss" onClick={() => setOfflineReady(false)}>
              ×
            </button>
          </div>
        </Show>
      </div>
      <Show when={installEvent()}>
        {/* "Install", short: on a 1350 px desktop it then fits the header's first line, which does not wrap and push
            the page down when the browser's offer arrives after the first paint (a layout shift). */}
        <button type="button" class="pwa-install" aria-label="Install app" title="Install Bourse as an app" onClick={() => void install()}>
          Install
        </button>
      </Show>
    </div>
  );
}
