// Onboarding an enterprise: the join search, the application form with
// its field checks, and the applicant's view of the application.

import assert from 'node:assert/strict'
import { withWrongCreditCheck, withWrongIdCheck } from '../lib/testdata.mjs'
import {
  atPath,
  formItem,
  naturalWidth,
  notSee,
  pickDistrict,
  see,
  seeFieldError,
  seeText,
} from '../lib/ui.mjs'

/**
 * Searches the join search of /onboard/enterprise for keyword and returns
 * the dropdown's option for the enterprise with creditCode, or null when
 * the search must come up empty.
 */
export async function searchEnterprise(page, keyword, creditCode) {
  const search = page.getByTestId('join-search').locator('input')
  await search.click()
  await search.pressSequentially(keyword, { delay: 20 })
  if (!creditCode) {
    await see(page.locator('.el-select-dropdown').getByText('暂无数据'), '暂无数据 in the search dropdown')
    await see(page.getByTestId('join-not-found'), 'the not-found hint')
    return null
  }
  const option = page.getByTestId(`join-option-${creditCode}`)
  await see(option, `the search hit ${creditCode}`)
  return option
}

/** Returns the number of applications the person has submitted. */
async function applicationCount(person) {
  const res = await person.api('GET', '/me/identities')
  assert.equal(res.status, 200, 'GET /me/identities')
  return res.body.applications.length
}

/** Fills every field of the enterprise form for a personal login. */
export async function fillEnterpriseForm(w, page, ent) {
  await page.getByTestId('form-name').fill(ent.name)
  await page.getByTestId('form-creditCode').fill(ent.creditCode)
  await pickDistrict(page, 'form-region', ent.district)
  await page.getByTestId('form-addressDetail').fill(ent.addressDetail)
  await page.getByTestId('form-email').fill(ent.email)
  for (const field of ent.techFields) await page.getByTestId(`form-techField-${field}`).click()
  await page.getByTestId('form-legalName').fill(ent.legalName)
  await page.getByTestId('form-legalPhone').fill(ent.legalPhone)
  await page.getByTestId('form-legalIdNumber').fill(ent.legalIdNumber)
  await page.getByTestId('form-idConsent').click()
  ent.licenseId = await uploadLicense(page, w.images.jpeg, 'jpeg')
}

/**
 * Chooses file in the licence upload of the enterprise form, checks the
 * upload response and the preview, and returns the upload id.
 */
export async function uploadLicense(page, file, format) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/uploads'),
    page.getByTestId('form-license').locator('input[type="file"]').setInputFiles(file),
  ])
  const upload = await response.json()
  assert.equal(response.status(), 201, `POST /api/v1/uploads: ${JSON.stringify(upload)}`)
  assert.equal(upload.format, format, 'the format the server detected')
  assert.deepEqual([upload.width, upload.height], [640, 420], 'the image size the server read')
  const preview = page.getByTestId('form-license-preview')
  await see(preview.and(page.locator('[src^="blob:"]')), 'the preview of the chosen file')
  const width = await naturalWidth(preview, 'the licence preview')
  assert.ok(width > 0, `the licence preview shows the uploaded ${format}`)
  return upload.id
}

/**
 * Submits the form twice with bad input and checks that the field errors
 * show and that no application was created. The first try has a
 * malformed credit code and an ID number with a wrong check digit, which
 * the browser catches. The second has a credit code whose only fault is
 * its check character: the server rejects it and offers a confirmation,
 * which the applicant declines.
 */
export async function submitBadInput(w, person, ent) {
  const page = person.page
  const posted = []
  const onRequest = (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/v1/applications') posted.push(req)
  }
  page.on('request', onRequest)
  try {
    await page.getByTestId('form-creditCode').fill(ent.creditCode.slice(0, 10) + 'O' + ent.creditCode.slice(11))
    await page.getByTestId('form-legalIdNumber').fill(withWrongIdCheck(ent.legalIdNumber))
    await page.getByTestId('form-submit').click()
    await seeFieldError(page, 'form-creditCode', '统一社会信用代码只能包含数字和大写字母')
    await seeFieldError(page, 'form-legalIdNumber', '身份证号码校验位不正确')
    await w.shots.take(page, 'enterprise-form-browser-errors')
    assert.equal(posted.length, 0, 'the browser sent no application with malformed fields')

    await page.getByTestId('form-creditCode').fill(withWrongCreditCheck(ent.creditCode))
    await page.getByTestId('form-legalIdNumber').fill(ent.legalIdNumber)
    await page.getByTestId('form-submit').click()
    const dialog = page.getByRole('dialog').filter({ hasText: '统一社会信用代码未通过校验' })
    await see(dialog, 'the checksum confirmation dialog')
    await w.shots.take(page, 'enterprise-form-checksum-confirm')
    await dialog.getByRole('button', { name: '返回修改' }).click()
    await seeFieldError(page, 'form-creditCode', '统一社会信用代码校验位不正确，请核对营业执照上的代码')
    await notSee(formItem(page, 'form-legalIdNumber').locator('.el-form-item__error'), 'an error on the corrected ID number')
    await w.shots.take(page, 'enterprise-form-server-error')
    assert.equal(posted.length, 1, 'the browser sent the application once, for the server to check')
    assert.equal(await applicationCount(person), 0, 'no application was created from bad input')
  } finally {
    page.off('request', onRequest)
  }
  await page.getByTestId('form-creditCode').fill(ent.creditCode)
}

/** Submits the form and checks that the application page shows 认证中. It returns the application id. */
export async function submitApplication(w, person, shot) {
  const page = person.page
  await page.getByTestId('form-submit').click()
  await atPath(page, /^\/applications\/[^/]+$/)
  await see(page.getByText('认证中').first(), '认证中 on the application page')
  await w.shots.take(page, shot)
  return new URL(page.url()).pathname.split('/').pop()
}

/** Opens /identities and waits until it has loaded the person's identities. */
export async function openIdentities(page) {
  await page.goto('/identities')
  await see(page.getByRole('heading', { name: '切换身份' }), 'the identity page')
  await notSee(page.locator('.el-loading-mask'), 'the loading mask')
}

/** Checks that the person's identity page shows the application as rejected with reason. */
export async function seeRejected(page, creditCode, reason) {
  const row = page.getByTestId(`identity-rejected-${creditCode}`)
  await see(row, 'the rejected application on the identity page')
  await seeText(row, ['未通过', reason], 'the rejected application')
}
