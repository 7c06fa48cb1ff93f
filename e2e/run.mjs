// The browser journey: starts the built wct binary in development mode
// on a free loopback port with a fresh data directory and drives Debian's
// Chromium through every screen of onboarding, review, membership and
// passwords, and through the back office's organization directory. It
// stops at the first failed step.
//
// Usage (after `make build`): cd e2e && node run.mjs
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_KEEP=1 to
// keep the temporary directory.

import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser, makeImages, Screenshots } from './lib/browser.mjs'
import { addOperator, startServer } from './lib/server.mjs'
import { atPath, see, seeText } from './lib/ui.mjs'
import { journey, newWorld } from './journey/index.mjs'

const e2eDir = path.dirname(fileURLToPath(import.meta.url))
const bin = path.resolve(e2eDir, '..', 'bin', 'wct')
const screenshotDir = path.join(e2eDir, 'screenshots')
/** The whole run, set-up included, must finish within this many milliseconds. */
const runTimeout = 180_000

/**
 * Checks 机构查询 after the approval of A's application: the operator
 * finds the enterprise by its credit code, opens it, and A is listed
 * among its members as 管理员.
 */
async function operatorFindsEnterprise(w) {
  const person = w.operator.person
  const page = person.page
  const ent = w.enterprise
  w.current = person
  await page.getByTestId('admin-nav-orgs').click()
  await atPath(page, '/admin/organizations')
  await page.getByTestId('admin-orgs-q').fill(ent.creditCode)
  await page.getByTestId('admin-orgs-search').click()
  await seeText(page.getByTestId(`admin-org-row-${ent.creditCode}`), [ent.name], 'the search result')
  await page.getByTestId(`admin-org-view-${ent.creditCode}`).click()
  await atPath(page, /^\/admin\/organizations\/[^/]+$/)
  await seeText(
    page.getByTestId('admin-org-detail'),
    [ent.name, ent.creditCode, `湖北省武汉市${ent.district}`, ent.correctedAddress, ent.email, '审核入驻'],
    'the organization details',
  )
  await see(page.getByTestId('admin-org-members'), 'the members table')
  const last4 = w.a.phone.slice(-4)
  await seeText(page.getByTestId(`admin-org-member-${last4}`), [w.a.name], "A's row in the members table")
  const role = await page.getByTestId(`admin-org-member-role-${last4}`).textContent()
  assert.equal(role?.trim(), '管理员', "A's role in the members table")
  await takeExtraShot(w.shots, page, 'admin-org-detail')
}

/**
 * Saves a screenshot numbered after the last one with a "b" suffix, such
 * as 17b-name.png, so that the numbers of the journey's later
 * screenshots stay as they were.
 */
async function takeExtraShot(shots, page, name) {
  await mkdir(shots.dir, { recursive: true })
  const file = path.join(shots.dir, `${String(shots.count).padStart(2, '0')}b-${name}.png`)
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(300)
  await page.screenshot({ path: file, fullPage: true })
  shots.saved.push(file)
}

/** Returns the journey's steps with step inserted right after the step named after. */
function insertStep(steps, after, step) {
  const i = steps.findIndex(([name]) => name === after)
  if (i < 0) throw new Error(`no journey step named ${JSON.stringify(after)}`)
  return [...steps.slice(0, i + 1), step, ...steps.slice(i + 1)]
}

const steps = insertStep(journey, 'the operator approves the corrected application', [
  'the operator finds the enterprise in 机构查询 with A as 管理员',
  operatorFindsEnterprise,
])

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

    for (const [name, run] of steps) {
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
  return failed === 0 && passed === steps.length ? 0 : 1
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
