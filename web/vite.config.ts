/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin, type ProxyOptions } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The Go server serves the built files from dist and the JSON API under
// /api. The dev and preview servers forward /api and the development
// identity provider under /dev to it, but not /dev/outbox, which is a
// route of this app. WCT_API overrides the server address.
const backend = process.env.WCT_API || 'http://127.0.0.1:8080'
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: backend },
  '^/dev/(?!outbox)': { target: backend },
}

// keepGitkeep recreates dist/.gitkeep after Vite empties dist, so the Go
// embed pattern over dist always matches a file in a fresh checkout.
function keepGitkeep(): Plugin {
  return {
    name: 'keep-gitkeep',
    apply: 'build',
    closeBundle() {
      writeFileSync(fileURLToPath(new URL('./dist/.gitkeep', import.meta.url)), '')
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Registers the Element Plus components and directives used in
    // templates on demand, together with their styles.
    Components({
      dts: 'src/components.d.ts',
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    }),
    keepGitkeep(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    // Element Plus components import their CSS, which Node cannot load, so
    // Vite transforms the package instead of leaving it to Node.
    server: { deps: { inline: ['element-plus'] } },
  },
})
