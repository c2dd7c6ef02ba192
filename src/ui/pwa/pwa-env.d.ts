// Types for vite-plugin-pwa's virtual module `virtual:pwa-register/solid`.
/// <reference types="vite-plugin-pwa/solid" />
