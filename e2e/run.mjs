// The browser journey: starts the built wct binary in development mode
// on a free loopback port with a fresh data directory and drives Debian's
// Chromium through every screen of onboarding, review, membership and
// passwords, and through the back office's organization directory. It
// stops at the first failed step.
//
// Usage (after `make build`): cd e2e && node run.mjs
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_KEEP=1 to
// keep the temporary directory.

import { rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser, makeImages, Screenshots } from './lib/browser.mjs'
import { addOperator, startServer } from './lib/server.mjs'
import { journey, newWorld } from './journey/index.mjs'

const e2eDir = path.dirname(fileURLToPath(import.meta.url))
const bin = path.resolve(e2eDir, '..', 'bin', 'wct')
const screenshotDir = path.join(e2eDir, 'screenshots')
/** The whole run, set-up included, must finish within this many milliseconds. */
const runTimeout = 180_000

async function main() {
  const started = Date.now()
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'wct-e2e-'))
  // Also remove it when a signal or the watchdog ends the run early.
  if (!process.env.E2E_KEEP) process.once('exit', () => rmSync(tmp, { recursive: true, force: true }))
  await rm(screenshotDir, { recursive: true, force: true })
  const shots = new Screenshots(screenshotDir)
  const w = newWorld(shots)
  let server
  let browser
  let passed = 0
  let failed = 0

  for (const signal of ['SIGINT', 'SIGTERM']) {
    // Exiting runs the exit hook that kills the server.
    process.once(signal, () => {
      console.error(`stopped by ${signal}`)
      process.exit(1)
    })
  }
  const watchdog = setTimeout(() => {
    console.error(`journey timed out after ${runTimeout / 1000} s`)
    process.exit(1)
  }, runTimeout)
  watchdog.unref()

  try {
    const dataDir = path.join(tmp, 'data')
    await addOperator(bin, dataDir, w.operator)
    server = await startServer(bin, dataDir)
    console.log(`wct serving on ${server.baseURL}, data in ${dataDir}`)
    browser = await launchBrowser()
    w.base = server.baseURL
    w.browser = browser
    w.images = await makeImages(browser, path.join(tmp, 'images'))

    for (const [name, run] of journey) {
      const t0 = Date.now()
      try {
        await run(w)
        passed++
        console.log(`ok ${passed} - ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
      } catch (err) {
        failed++
        console.error(`not ok ${passed + failed} - ${name}\n${err.stack ?? err}`)
        await reportFailure(w, server)
        break
      }
    }
  } catch (err) {
    failed++
    console.error(`set-up failed: ${err.stack ?? err}`)
    if (server) console.error(`--- server log (tail) ---\n${server.logTail()}`)
  } finally {
    await browser?.close().catch(() => undefined)
    await server?.stop()
    if (process.env.E2E_KEEP) console.log(`kept ${tmp}`)
    else await rm(tmp, { recursive: true, force: true })
  }

  const pageErrors = w.people().flatMap((p) => p.pageErrors)
  if (pageErrors.length > 0) console.log(`uncaught errors in pages:\n  ${pageErrors.join('\n  ')}`)
  console.log(`screenshots: ${shots.saved.length} in ${path.relative(process.cwd(), screenshotDir) || '.'}`)
  console.log(`journey took ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`${passed} passed, ${failed} failed`)
  clearTimeout(watchdog)
  return failed === 0 && passed === journey.length ? 0 : 1
}

/** Saves failure.png of the page that was in use and prints the server log tail. */
async function reportFailure(w, server) {
  const page = w.current?.page
  if (page && !page.isClosed()) {
    const file = path.join(screenshotDir, 'failure.png')
    await page.screenshot({ path: file, fullPage: true }).catch((err) => console.error(`no failure.png: ${err.message}`))
    console.error(`failure screenshot: ${path.relative(process.cwd(), file)} (page ${page.url()})`)
  }
  console.error(`--- server log (tail) ---\n${server.logTail()}`)
}

process.exitCode = await main()
