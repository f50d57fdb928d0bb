import { fileURLToPath, URL } from 'node:url'
import type { Connect, Plugin } from 'vite'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/**
 * History-mode fallback for the two apps in dev/preview, mirroring the gateway:
 * page requests under /field/ get field/index.html, the rest fall through to index.html.
 */
function fieldHistoryFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url ?? ''
    const path = url.split('?')[0] ?? ''
    const wantsHtml = (req.headers.accept ?? '').includes('text/html')
    const isPage = !path.slice(path.lastIndexOf('/')).includes('.')
    if (wantsHtml && isPage && (path === '/field' || path.startsWith('/field/'))) {
      req.url = '/field/index.html'
    }
    next()
  }
  return {
    name: 'qsrp-field-history-fallback',
    configureServer(server) {
      server.middlewares.use(rewrite)
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite)
    },
  }
}

/** Vant's icon CSS names a CDN woff after its embedded woff2; drop it so nothing points off-site. */
function dropVantIconCdn(): Plugin {
  return {
    name: 'qsrp-drop-vant-icon-cdn',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').includes('/vant/es/icon/index.css')) return null
      return code.replace(/,\s*url\(\/\/at\.alicdn\.com[^)]*\)\s*format\("woff"\)/g, '')
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    fieldHistoryFallback(),
    dropVantIconCdn(),
    // Only Element Plus's service APIs (ElMessage, ElMessageBox) are auto-imported, so that
    // their styles come along; Vue, router, Pinia and Vant's showToast stay explicit imports.
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'types/auto-imports.d.ts',
    }),
    Components({
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()],
      dts: 'types/components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fromRoot('./src') },
  },
  define: {
    __VUE_OPTIONS_API__: true,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        admin: fromRoot('./index.html'),
        field: fromRoot('./field/index.html'),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8000', changeOrigin: false },
    },
  },
})
