// Passwords and SMS codes: 忘记密码, logging in by password and by code,
// 修改密码 and its effect on the person's other sessions.

import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { timeouts } from '../lib/browser.mjs'
import { atPath, see, seeMessage } from '../lib/ui.mjs'

/** The server's minimum gap between two codes to one phone, in milliseconds, plus a margin. */
const resendGap = 61_000

/**
 * Returns the newest code sent to phone for purpose after since (a
 * Date.now() value), polling the development outbox: the server sends in
 * the background, after the response.
 */
export async function codeFromOutbox(w, phone, purpose, since) {
  const deadline = Date.now() + timeouts.action
  for (;;) {
    const res = await fetch(`${w.base}/api/v1/dev/sms-outbox`, { signal: AbortSignal.timeout(5_000) })
    assert.equal(res.status, 200, 'GET /api/v1/dev/sms-outbox')
    const { items } = await res.json()
    const sent = items
      .filter((m) => m.phone === phone && m.purpose === purpose && Date.parse(m.sentAt) >= since - 1_000)
      .sort((x, y) => Date.parse(y.sentAt) - Date.parse(x.sentAt))
    if (sent.length > 0) return sent[0].code
    if (Date.now() > deadline) throw new Error(`no ${purpose} code for ${phone} in the outbox`)
    await sleep(200)
  }
}

/** Opens /dev/outbox in a new tab of the person and checks that it lists code for phone. */
export async function seeCodeOnOutboxPage(w, person, phone, code, shot) {
  const page = await person.newPage()
  try {
    await page.goto('/dev/outbox')
    await see(page.getByRole('heading', { name: '开发短信发件箱' }), 'the development outbox')
    const cell = page.locator(`[data-testid="outbox-code"][data-phone="${phone}"]`).filter({ hasText: code })
    await see(cell, `code ${code} for ${phone} on the outbox page`)
    if (shot) await w.shots.take(page, shot)
  } finally {
    await page.close()
  }
}

/**
 * Waits until the server will send phone another code: at least a minute
 * after the previous one.
 */
export async function waitForResend(who) {
  const wait = who.lastCodeAt + resendGap - Date.now()
  if (wait > 0) {
    console.log(`  waiting ${(wait / 1000).toFixed(0)} s before the next code to ${who.label}`)
    await sleep(wait)
  }
}

/**
 * Resets the password of who through 忘记密码 on /login, reading the code
 * from the development outbox, and returns at /login.
 */
export async function forgotPassword(w, who, newPassword) {
  const page = who.person.page
  await page.goto('/login')
  await page.getByTestId('login-forgot').click()
  await atPath(page, '/forgot-password')
  await page.getByTestId('forgot-phone').fill(who.phone)
  await waitForResend(who)
  const since = Date.now()
  await page.getByTestId('forgot-send-code').click()
  await seeMessage(page, '验证码已发送')
  who.lastCodeAt = since
  const code = await codeFromOutbox(w, who.phone, 'reset_password', since)
  await seeCodeOnOutboxPage(w, who.person, who.phone, code, 'dev-outbox')
  await page.getByTestId('forgot-code').fill(code)
  await page.getByTestId('forgot-new-password').fill(newPassword)
  await page.getByTestId('forgot-confirm-password').fill(newPassword)
  await w.shots.take(page, 'forgot-password')
  await page.getByTestId('forgot-submit').click()
  await seeMessage(page, '密码已重置')
  await atPath(page, '/login')
}

/** Logs who in on /login with an SMS code from the development outbox. */
export async function smsLogin(w, who) {
  const page = who.person.page
  await page.goto('/login')
  await page.getByRole('tab', { name: '验证码登录' }).click()
  await page.getByTestId('login-phone').fill(who.phone)
  await waitForResend(who)
  const since = Date.now()
  await page.getByTestId('login-send-code').click()
  await seeMessage(page, '验证码已发送')
  who.lastCodeAt = since
  const code = await codeFromOutbox(w, who.phone, 'login', since)
  await page.getByTestId('login-code').fill(code)
  await w.shots.take(page, 'login-sms')
  await page.getByTestId('login-submit').click()
  await atPath(page, '/identities')
  const me = await who.person.api('GET', '/me')
  assert.equal(me.body.loginMethod, 'sms', 'login method after the SMS login')
}

/** Changes the password of the signed-in person on 修改密码. */
export async function changePassword(w, page, current, next) {
  await page.getByTestId('header-user').click()
  await page.getByTestId('menu-password').click()
  await atPath(page, '/account/password')
  await see(page.getByRole('heading', { name: '修改密码' }), 'the change-password page')
  await page.getByTestId('password-current').fill(current)
  await page.getByTestId('password-new').fill(next)
  await page.getByTestId('password-confirm').fill(next)
  await w.shots.take(page, 'change-password')
  await page.getByTestId('password-submit').click()
  await seeMessage(page, '密码已修改')
  await atPath(page, '/workbench')
}
