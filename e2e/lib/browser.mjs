// Chromium for the journey: Debian's build driven by playwright-core, one
// browser context per person so that their cookies stay apart.

import { writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from 'playwright-core'

/** Chromium flags for a quiet, reproducible headless run in a container. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Default timeouts in milliseconds for actions, assertions and page loads. */
export const timeouts = { action: 10_000, navigation: 15_000 }

/**
 * Launches headless Chromium from CHROMIUM_PATH or /usr/bin/chromium.
 * playwright-core (1.65) gives every launch a fresh temporary user data
 * directory and deletes it on close.
 */
export function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs, timeout: 30_000 })
}

/**
 * Person is one human in the journey: a browser context with its own
 * cookies, a page, and the page errors seen so far.
 */
export class Person {
  constructor(label, context, page) {
    this.label = label
    this.context = context
    this.page = page
    /** Uncaught exceptions in the person's pages, as "label: message". */
    this.pageErrors = []
  }

  /** Opens another page in the same context, sharing the person's cookies. */
  async newPage() {
    const page = await this.context.newPage()
    this.watch(page)
    return page
  }

  watch(page) {
    page.on('pageerror', (err) => this.pageErrors.push(`${this.label}: ${err.message}`))
  }

  /**
   * Calls the JSON API from the person's page, so that the request
   * carries their session cookie, and returns { status, body }.
   */
  async api(method, apiPath, json) {
    return this.page.evaluate(
      async ({ method, apiPath, json }) => {
        const res = await fetch('/api/v1' + apiPath, {
          method,
          headers: json === undefined ? {} : { 'Content-Type': 'application/json' },
          body: json === undefined ? undefined : JSON.stringify(json),
        })
        const text = await res.text()
        return { status: res.status, body: text ? JSON.parse(text) : null }
      },
      { method, apiPath, json },
    )
  }
}

/** Opens a new browser context for a person, with Chinese locale and a desktop viewport. */
export async function newPerson(browser, baseURL, label) {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 860 },
  })
  context.setDefaultTimeout(timeouts.action)
  context.setDefaultNavigationTimeout(timeouts.navigation)
  const page = await context.newPage()
  const person = new Person(label, context, page)
  person.watch(page)
  return person
}

/** Screenshots saves full-page PNGs with a running number and a descriptive name. */
export class Screenshots {
  constructor(dir) {
    this.dir = dir
    this.count = 0
    this.saved = []
  }

  async take(page, name) {
    await mkdir(this.dir, { recursive: true })
    this.count++
    const file = path.join(this.dir, `${String(this.count).padStart(2, '0')}-${name}.png`)
    // Scroll to the top, because a full-page capture of a scrolled page
    // draws the sticky header in the middle, and let transitions settle.
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.waitForTimeout(300)
    await page.screenshot({ path: file, fullPage: true })
    this.saved.push(file)
    return file
  }
}

/**
 * Draws a licence-like picture on a canvas in the browser and writes it
 * as a real JPEG and a real PNG encoded by Chromium. It returns the two
 * file paths.
 */
export async function makeImages(browser, dir) {
  const page = await browser.newPage()
  try {
    const urls = await page.evaluate(() => {
      const canvas = document.createElement('canvas')
      canvas.width = 640
      canvas.height = 420
      const g = canvas.getContext('2d')
      g.fillStyle = '#fbf7ec'
      g.fillRect(0, 0, canvas.width, canvas.height)
      g.strokeStyle = '#b8860b'
      g.lineWidth = 10
      g.strokeRect(15, 15, canvas.width - 30, canvas.height - 30)
      g.fillStyle = '#c8161d'
      g.beginPath()
      g.arc(520, 320, 50, 0, 2 * Math.PI)
      g.fill()
      g.fillStyle = '#333'
      g.font = 'bold 40px sans-serif'
      g.fillText('LICENSE', 230, 110)
      for (let i = 0; i < 6; i++) g.fillRect(70, 170 + i * 32, 300 + ((i * 53) % 120), 10)
      const jpeg = canvas.toDataURL('image/jpeg', 0.9)
      // Mark the PNG, so that a screenshot shows which of the two is on screen.
      g.fillStyle = '#1a5fb4'
      g.font = 'bold 28px sans-serif'
      g.fillText('REVISED', 410, 200)
      return { jpeg, png: canvas.toDataURL('image/png') }
    })
    await mkdir(dir, { recursive: true })
    const files = {}
    for (const [format, url] of Object.entries(urls)) {
      const prefix = `data:image/${format};base64,`
      if (!url.startsWith(prefix)) throw new Error(`Chromium did not encode ${format}: ${url.slice(0, 40)}`)
      files[format] = path.join(dir, `license.${format === 'jpeg' ? 'jpg' : 'png'}`)
      await writeFile(files[format], Buffer.from(url.slice(prefix.length), 'base64'))
    }
    return files
  } finally {
    await page.close()
  }
}
