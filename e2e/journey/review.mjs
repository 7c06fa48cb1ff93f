// The back office: an operator signs in, opens an application from the
// queue, checks every field and the licence image, and decides.

import assert from 'node:assert/strict'
import { atPath, naturalWidth, notSee, see, seeMessage, seeText } from '../lib/ui.mjs'

/** Signs the operator in at /admin/login and waits for the queue. */
export async function operatorLogin(w, page) {
  await page.goto('/admin/login')
  await page.getByTestId('admin-login-phone').fill(w.operator.phone)
  await page.getByTestId('admin-login-password').fill(w.operator.password)
  await w.shots.take(page, 'admin-login')
  await page.getByTestId('admin-login-submit').click()
  await atPath(page, '/admin')
  await see(page.getByRole('heading', { name: '入驻审核' }), 'the review queue')
}

/**
 * Opens the application of ent from the queue and checks that the page
 * shows every submitted field, the applicant, the unmasked legal-person
 * phone and ID number, and a licence image that loads.
 */
export async function openApplication(w, page, ent, address) {
  await page.goto('/admin')
  const review = page.getByTestId(`admin-review-${ent.creditCode}`)
  await see(review, `the queue entry of ${ent.name}`)
  await seeText(page.getByTestId(`admin-row-${ent.creditCode}`), [ent.name], 'the queue entry')
  await review.click()
  await atPath(page, /^\/admin\/applications\/[^/]+$/)
  await see(page.getByRole('heading', { name: '审核申请' }), 'the application page')
  const details = page.locator('.el-descriptions')
  await seeText(
    details.filter({ hasText: '企业信息' }),
    [ent.name, ent.creditCode, `湖北省武汉市${ent.district}`, address, ent.email, ent.techFields.join('、')],
    'the enterprise section',
  )
  await seeText(details.filter({ hasText: '申请信息' }), [w.a.name, '认证中'], 'the application section')
  await seeText(details.filter({ hasText: '法人信息' }), [ent.legalName], 'the legal-person section')
  await seeText(page.getByTestId('admin-legal-phone'), [ent.legalPhone], 'the legal-person phone')
  await seeText(page.getByTestId('admin-legal-id'), [ent.legalIdNumber], 'the legal-person ID number')
  const image = page.getByTestId('admin-license').locator('img')
  const width = await naturalWidth(image, 'the licence image')
  assert.ok(width > 0, 'the licence image loads for the operator')
  assert.equal(await image.getAttribute('src'), `/api/v1/uploads/${ent.licenseId}`, 'the licence shown is the latest upload')
}

/** Rejects the open application with reason and waits for the queue without it. */
export async function rejectApplication(page, ent, reason) {
  await page.getByTestId('admin-reject').click()
  const dialog = page.getByRole('dialog').filter({ hasText: '不通过' })
  await see(dialog, 'the rejection dialog')
  await dialog.locator('textarea').fill(reason)
  await dialog.getByRole('button', { name: '确定' }).click()
  await seeMessage(page, '已驳回该申请')
  await atPath(page, '/admin')
  await notSee(page.getByTestId(`admin-review-${ent.creditCode}`), 'the rejected application in the queue')
}

/** Approves the open application and waits for the queue without it. */
export async function approveApplication(page, ent) {
  await page.getByTestId('admin-approve').click()
  const dialog = page.getByRole('dialog').filter({ hasText: '通过申请' })
  await see(dialog, 'the approval dialog')
  await dialog.getByRole('button', { name: '确认通过' }).click()
  await seeMessage(page, '已通过该申请')
  await atPath(page, '/admin')
  await notSee(page.getByTestId(`admin-review-${ent.creditCode}`), 'the approved application in the queue')
  await page.getByTestId('admin-queue-tab-approved').click()
  await seeText(page.getByTestId(`admin-row-${ent.creditCode}`), [ent.name], 'the application under 已通过')
  await seeText(page.getByTestId(`admin-review-${ent.creditCode}`), ['查看'], 'the link to the decided application')
}

/**
 * Checks 机构查询 after the approval of A's application: the operator
 * finds the enterprise by its credit code, opens it, and A is listed
 * among its members as 管理员.
 */
export async function operatorFindsEnterprise(w) {
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
  await w.shots.take(page, 'admin-org-detail')
}
