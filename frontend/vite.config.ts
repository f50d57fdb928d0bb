import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import type { Connect, Plugin, Rollup } from 'vite'
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

/** Every file the field app can load: its entry chunk and, transitively, static and lazy imports with their CSS. */
function fieldFiles(bundle: Rollup.OutputBundle): string[] {
  const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry && file.name === 'field')
  if (!entry || entry.type !== 'chunk') throw new Error('field entry chunk not found')
  const files = new Set<string>()
  const queue = [entry.fileName]
  while (queue.length > 0) {
    const name = queue.pop() ?? ''
    if (files.has(name)) continue
    files.add(name)
    const chunk = bundle[name]
    if (chunk?.type !== 'chunk') continue
    queue.push(...chunk.imports, ...chunk.dynamicImports)
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css)
    for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset)
  }
  return [...files].sort()
}

/**
 * The field app's service worker (dist/field/sw.js, scope /field/): it keeps the app shell and all
 * of the field app's hashed files, so the phone app opens and reloads without a network (an
 * inspection on site); API requests are never cached. Built from src/field/sw.template.js with
 * the file list of this build.
 */
function fieldServiceWorker(): Plugin {
  return {
    name: 'qsrp-field-service-worker',
    apply: 'build',
    // After Vite's CSS plugin: it drops the chunks that only carried CSS (shared Vant styles of
    // lazy pages) from the bundle, and a kept list naming a dropped file makes the install fail.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const emitted = fieldFiles(bundle).filter((file) => file in bundle)
      const files = ['/field/index.html', '/favicon.svg', ...emitted.map((file) => `/${file}`)]
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)
      const template = readFileSync(fromRoot('./src/field/sw.template.js'), 'utf8')
      this.emitFile({
        type: 'asset',
        fileName: 'field/sw.js',
        source: template.replace('__VERSION__', version).replace('__PRECACHE__', JSON.stringify(files)),
      })
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    fieldHistoryFallback(),
    dropVantIconCdn(),
    fieldServiceWorker(),
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
      output: {
        // Small shared chunks (a few hundred bytes to a few KB each) are merged into larger ones:
        // on a slow mobile network every file costs a round trip, and a browser opens six
        // connections at a time, so the phone app's first load had two rounds of requests
        // (bench/field_bench.py; Chrome's Slow 3G: 2 s each). Only side-effect-free chunks merge.
        experimentalMinChunkSize: 20_000,
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
