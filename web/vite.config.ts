import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Hashed file names under assets/ (the gateway serves them `immutable`); the API is the gateway's
// own origin, so `npm run dev` proxies /v1 to a running suite (`make up`).
export default defineConfig({
  plugins: [react()],
  resolve: {
    // @rjsf/core's test helper imports the AJV validator, which compiles schemas with `new Function`
    // (refused by the page's CSP). The app uses its own interpreting validator; the helper is never
    // called, so its import resolves to that one.
    alias: { "@rjsf/validator-ajv8": decodeURIComponent(new URL("./src/features/editor/components/formValidator.ts", import.meta.url).pathname) },
  },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        entryFileNames: "assets/[name]-[hash].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
  server: { proxy: { "/v1": "http://127.0.0.1:8080" } },
  test: { environment: "node", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
