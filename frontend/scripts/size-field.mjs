// Gzipped JS the field app loads first: its entry with static imports, plus the heaviest
// route it can open on (login or a tab page). Fails above the budget.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const BUDGET_KB = 200
const dist = fileURLToPath(new URL('../dist', import.meta.url))
const assets = join(dist, 'assets')

/** @param {string} file */
const read = (file) => readFileSync(join(assets, file), 'utf8')
/** @param {string} file */
const gzipKb = (file) => gzipSync(readFileSync(join(assets, file))).length / 1024

/** @param {string} code @param {RegExp} pattern */
const matches = (code, pattern) => Array.from(code.matchAll(pattern), (m) => m[1] ?? '')
const staticImports = (/** @type {string} */ code) => matches(code, /(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)
const dynamicImports = (/** @type {string} */ code) => matches(code, /import\(\s*"\.\/([\w.-]+\.js)"\s*\)/g)

/** @param {string[]} roots */
function closure(roots) {
  const seen = new Set(roots)
  const queue = [...roots]
  while (queue.length > 0) {
    const file = queue.pop() ?? ''
    for (const dep of staticImports(read(file))) {
      if (!seen.has(dep)) {
        seen.add(dep)
        queue.push(dep)
      }
    }
  }
  return seen
}

/** @param {Iterable<string>} files */
const total = (files) => Array.from(files).reduce((sum, file) => sum + gzipKb(file), 0)

const html = readFileSync(join(dist, 'field', 'index.html'), 'utf8')
const entry = html.match(/<script type="module"[^>]*src="\/assets\/([\w.-]+\.js)"/)?.[1]
if (!entry) throw new Error('no entry script in dist/field/index.html')
const base = closure([entry])
const routes = new Set(Array.from(base).flatMap((file) => dynamicImports(read(file))))

console.log(`field entry + static imports: ${total(base).toFixed(1)} KB gzip (${[...base].join(', ')})`)
let worst = 0
for (const route of routes) {
  const extra = new Set([...closure([route])].filter((file) => !base.has(file)))
  const size = total(base) + total(extra)
  worst = Math.max(worst, size)
  console.log(`  first load via ${route}: ${size.toFixed(1)} KB gzip`)
}
console.log(`field first load, worst case: ${worst.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`)
if (worst > BUDGET_KB) process.exit(1)
