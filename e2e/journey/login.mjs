// Signing in: the provincial login through the development identity
// provider's persona form, phone and password, and phone and SMS code.

import assert from 'node:assert/strict'
import { atPath, see } from '../lib/ui.mjs'

/**
 * Signs person in through 湖北省统一身份认证 on /login: fills the
 * development provider's persona form and submits it. persona has name,
 * idNumber and phone, and for a legal-person login orgName and creditCode.
 * It returns when the app shows the identity page.
 */
export async function ssoLogin(w, person, persona, { shot } = {}) {
  const page = person.page
  await page.goto('/login')
  await see(page.getByRole('heading', { name: '统一身份认证' }), 'the SSO section of /login')
  if (shot) await w.shots.take(page, shot)
  await page.getByRole('button', { name: '湖北省统一身份认证登录' }).click()

  await atPath(page, /^\/dev\/idp\//)
  await see(page.getByRole('heading', { name: '选择测试身份' }), 'the persona form')
  const legal = Boolean(persona.creditCode)
  await page.locator(`input[name="login_type"][value="${legal ? 'legal' : 'personal'}"]`).check()
  await page.locator('input[name="name"]').fill(persona.name)
  await page.locator('input[name="id_number"]').fill(persona.idNumber)
  await page.locator('input[name="phone"]').fill(persona.phone)
  if (legal) {
    await page.locator('input[name="org_name"]').fill(persona.orgName)
    await page.locator('input[name="credit_code"]').fill(persona.creditCode)
  }
  if (shot) await w.shots.take(page, 'dev-idp-persona')
  await page.getByRole('button', { name: '登录', exact: true }).click()

  await atPath(page, '/identities')
  await see(page.getByRole('heading', { name: '切换身份' }), 'the identity page')
  const me = await person.api('GET', '/me')
  assert.equal(me.status, 200, 'GET /me after the provincial login')
  assert.equal(me.body.user.name, persona.name, 'the signed-in user is the persona')
  assert.equal(me.body.loginMethod, legal ? 'sso_legal' : 'sso', 'login method')
  return me.body
}

/** Opens /login with the password tab and submits phone and password. */
export async function submitPasswordLogin(page, phone, password) {
  await page.goto('/login')
  await page.getByRole('tab', { name: '密码登录' }).click()
  await page.getByTestId('login-phone').fill(phone)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** Returns the error a failed login shows: a field error or else a toast. */
export async function loginError(page) {
  const shown = page.locator('.el-form-item__error, .el-message--error').first()
  await see(shown, 'a login error')
  return (await shown.textContent()).trim()
}

/** Signs out through the header's user menu and waits for /login. */
export async function logout(page) {
  await page.getByTestId('header-user').click()
  await page.getByTestId('menu-logout').click()
  await atPath(page, '/login')
}
