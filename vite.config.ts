import { defineConfig, type Connect, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

/**
 * The strategy sandbox's Worker script (src/worker/sandbox) gets its own CSP,
 * which Chromium and Firefox apply to a dedicated Worker from its script's
 * response: no network at all for the person's code, even through an API the
 * sandbox's lockdown does not name. `vite preview` and `vite dev` send it; a
 * static host must add the same header to assets/sandbox.worker-*.js.
 */
export const SANDBOX_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'";
function sandboxCsp(): Plugin {
  const header: Connect.NextHandleFunction = (req, res, next) => {
    if (/\/sandbox\.worker[^/]*\.(js|ts)(\?|$)/.test(req.url ?? '')) res.setHeader('Content-Security-Policy', SANDBOX_CSP);
    next();
  };
  return { name: 'bourse-sandbox-csp', configureServer: (s) => void s.middlewares.use(header), configurePreviewServer: (s) => void s.middlewares.use(header) };
}

export default defineConfig({
  plugins: [
    solid(),
    sandboxCsp(),
    // Installable and offline: the service worker precaches the whole build, the
    // engine's worker chunk included, so a cached Bourse runs with no network.
    // 'prompt': a new version waits until the person chooses to reload
    // (src/ui/pwa/PwaControls.tsx); an open trading session is never reloaded under them.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false, // PwaControls registers through virtual:pwa-register/solid
      // globPatterns below already precaches every icon in public/; listing them again would duplicate entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Bourse — trading simulator',
        short_name: 'Bourse',
        description:
          'A trading simulator that runs entirely in your browser: order books, market makers and your portfolio, offline.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        // src/ui/app.css: --bg in the light scheme (index.html also sets the dark one).
        theme_color: '#ffffff',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Everything the app loads: the entry, the Web Worker chunk (a plain .js
        // under assets/), styles, icons, and any wasm or fonts added later (the plugin
        // adds manifest.webmanifest itself).
        // Source maps stay out. Anything over workbox's 2 MiB limit fails the build
        // rather than being left out of the cache quietly.
        globPatterns: ['**/*.{html,js,css,wasm,woff,woff2,ttf,svg,png,ico}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // CodeMirror is only for the Editor page (loaded lazily, src/ui/App.tsx); in chunks of its own
        // it stays off the first paint, is cached apart from the app's code (it changes far less often),
        // and no chunk passes the 500 kB warning. The language (parser, grammar) is its own piece.
        codeSplitting: {
          // Each group holds only what its test names (the language chunk imports the core one, not a copy).
          includeDependenciesRecursively: false,
          groups: [
            { name: 'codemirror-javascript', test: /node_modules[\\/](@codemirror[\\/]lang-javascript|@lezer[\\/](javascript|lr))[\\/]/, priority: 2 },
            { name: 'codemirror', test: /node_modules[\\/](@codemirror|@lezer|codemirror|style-mod|w3c-keyname|crelt|@marijn)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  preview: { port: 4173, strictPort: true },
});
