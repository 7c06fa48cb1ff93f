// Helpers for Element Plus widgets and for waiting on what a person sees.
// playwright-core has no expect(), so assertions here wait for a locator
// state and fail with a message that names what was expected.

import assert from 'node:assert/strict'
import { timeouts } from './browser.mjs'

/** Waits until locator is visible; fails with what, when it is not within the action timeout. */
export async function see(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeouts.action })
  } catch (err) {
    throw new Error(`expected to see ${what}: ${err.message.split('\n')[0]}`)
  }
}

/** Waits until no element of locator is visible. */
export async function notSee(locator, what) {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout: timeouts.action })
  } catch (err) {
    throw new Error(`expected not to see ${what}: ${err.message.split('\n')[0]}`)
  }
}

/** Waits until locator's text contains every one of texts. */
export async function seeText(locator, texts, what) {
  const deadline = Date.now() + timeouts.action
  let last = ''
  for (;;) {
    last = (await locator.first().textContent({ timeout: timeouts.action }).catch(() => '')) ?? ''
    const missing = texts.filter((t) => !last.includes(t))
    if (missing.length === 0) return last
    if (Date.now() > deadline) {
      throw new Error(`expected ${what} to contain ${JSON.stringify(missing)}, got ${JSON.stringify(last.trim())}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Waits until the input of locator has the value, such as a form filled after a request. */
export async function seeValue(locator, value, what) {
  const deadline = Date.now() + timeouts.action
  let last = ''
  while ((last = await locator.inputValue({ timeout: timeouts.action })) !== value) {
    if (Date.now() > deadline) throw new Error(`expected ${what} to be ${JSON.stringify(value)}, got ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Waits until the page's path is path (a string or a RegExp on the path). */
export async function atPath(page, path) {
  const matches = (url) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname))
  try {
    await page.waitForURL(matches, { timeout: timeouts.navigation })
  } catch {
    throw new Error(`expected to be at ${path}, but the page is at ${page.url()}`)
  }
}

/** Returns the el-form-item that contains the element with the test id. */
export function formItem(page, testId) {
  return page.locator('.el-form-item').filter({ has: page.getByTestId(testId) })
}

/** Waits until the form item of testId shows an error containing text. */
export async function seeFieldError(page, testId, text) {
  const error = formItem(page, testId).locator('.el-form-item__error')
  await see(error, `an error on ${testId}`)
  await seeText(error, [text], `the error on ${testId}`)
}

/** Waits for an Element Plus message toast containing text. */
export async function seeMessage(page, text) {
  await see(page.locator('.el-message').filter({ hasText: text }), `the message "${text}"`)
}

/**
 * Opens the el-select with selectTestId and clicks the option with
 * optionTestId in its dropdown.
 */
export async function chooseOption(page, selectTestId, optionTestId) {
  await page.getByTestId(selectTestId).click()
  const option = page.getByTestId(optionTestId)
  await see(option, `option ${optionTestId}`)
  await option.click()
}

/**
 * Picks a district in the filterable region cascader inside the wrapper
 * with wrapperTestId: types the district name and clicks the suggestion
 * whose path is 湖北省 / 武汉市 / district.
 */
export async function pickDistrict(page, wrapperTestId, district) {
  const input = page.getByTestId(wrapperTestId).locator('input')
  await input.click()
  await input.fill(district)
  const suggestion = page
    .locator('.el-cascader__suggestion-item')
    .filter({ hasText: `湖北省 / 武汉市 / ${district}` })
  await see(suggestion, `the region suggestion for ${district}`)
  await suggestion.click()
  await page.keyboard.press('Escape')
  const label = await input.inputValue()
  assert.match(label, new RegExp(`武汉市.*${district}`), `the region field shows ${district}`)
}

/**
 * Waits until the image of locator has loaded and returns its natural
 * width, which is 0 for an image that failed to load or decode.
 */
export async function naturalWidth(locator, what) {
  await see(locator, what)
  return locator.first().evaluate((img) =>
    img.complete
      ? img.naturalWidth
      : new Promise((resolve) => {
          img.addEventListener('load', () => resolve(img.naturalWidth), { once: true })
          img.addEventListener('error', () => resolve(0), { once: true })
        }),
  )
}
