// The journey's steps in order, and the world they share: the people,
// their test data and what earlier steps created.

import assert from 'node:assert/strict'
import { newPerson } from '../lib/browser.mjs'
import { creditCode, idNumber, mobile, runTag, wuhanDistricts } from '../lib/testdata.mjs'
import { atPath, notSee, pickDistrict, see, seeMessage, seeText, seeValue } from '../lib/ui.mjs'
import { loginError, logout, ssoLogin, submitPasswordLogin } from './login.mjs'
import { addMember, approveMember, enterAs, openMembers, requestToJoin, seeMemberStatus } from './members.mjs'
import {
  fillEnterpriseForm,
  openIdentities,
  searchEnterprise,
  seeRejected,
  submitApplication,
  submitBadInput,
  uploadLicense,
} from './onboarding.mjs'
import { changePassword, forgotPassword, smsLogin } from './passwords.mjs'
import {
  approveApplication,
  openApplication,
  operatorFindsEnterprise,
  operatorLogin,
  rejectApplication,
} from './review.mjs'

/** Returns the shared state of a run with freshly generated test data. */
export function newWorld(shots) {
  const tag = runTag()
  const persona = (label, name) => ({ label, name, idNumber: idNumber(), phone: mobile(), lastCodeAt: 0 })
  const w = {
    shots,
    tag,
    operator: { label: 'operator', phone: mobile(), name: '审核员', password: 'Passw0rd!' },
    a: persona('A', '李明'),
    b: persona('B', '王芳'),
    c: persona('C', '赵强'),
    rejectReason: '营业执照照片与详细地址不一致，请核对地址后重新提交',
    passwords: { reset: 'Spring#2026', changed: 'Autumn#2027' },
    enterprise: {
      name: `武汉${tag}光电科技有限公司`,
      keyword: `${tag}光电`,
      creditCode: creditCode('91420106'),
      district: wuhanDistricts[2].name,
      addressDetail: '中北路 88 号 12 层',
      correctedAddress: '中北路 88 号 15 层 1501 室',
      email: `contact.${tag.toLowerCase()}@example.com`,
      techFields: ['新材料', '新一代信息技术'],
      legalName: '陈建国',
      legalPhone: mobile(),
      legalIdNumber: idNumber('420111'),
    },
    legalEnterprise: {
      name: `武汉${tag}生物医药有限公司`,
      creditCode: creditCode('91420111'),
      district: wuhanDistricts[3].name,
      addressDetail: '高新大道 666 号 B3 栋',
      email: `office.${tag.toLowerCase()}@example.com`,
    },
    /** The person whose page a failure screenshot shows. */
    current: null,
    /** Returns every person that has a browser context. */
    people: () => [w.a, w.b, w.c, w.operator, w.b2].map((p) => p?.person).filter(Boolean),
  }
  w.c.orgName = w.legalEnterprise.name
  w.c.creditCode = w.legalEnterprise.creditCode
  return w
}

/** Makes who the person whose page is in use, opening their browser context on first use, and returns their page. */
async function act(w, who) {
  who.person ??= await newPerson(w.browser, w.base, who.label)
  w.current = who.person
  return who.person.page
}

/** The steps, run in order; each depends on the ones before it. */
export const journey = [
  [
    'A signs in through the provincial login and has no identities',
    async (w) => {
      const page = await act(w, w.a)
      await ssoLogin(w, w.a.person, w.a, { shot: 'login' })
      await openIdentities(page)
      await seeText(page.getByTestId('identity-row-enterprise'), ['暂无企业身份'], 'the enterprise row')
      await seeText(page.getByTestId('identity-current'), ['个人身份'], 'the current identity')
      const ids = await w.a.person.api('GET', '/me/identities')
      assert.deepEqual(ids.body, { identities: [], applications: [] }, 'A starts with no identities')
      await w.shots.take(page, 'identities-empty')
    },
  ],
  [
    'A searches for the enterprise and finds nothing',
    async (w) => {
      const page = await act(w, w.a)
      await page.getByTestId('identity-onboard-enterprise').click()
      await atPath(page, '/onboard/enterprise')
      await searchEnterprise(page, w.enterprise.keyword, null)
      await w.shots.take(page, 'join-search-empty')
      await page.keyboard.press('Escape')
      await page.getByTestId('onboard-new').click()
      await atPath(page, '/onboard/enterprise/new')
    },
  ],
  [
    'A fills the enterprise form and bad input is rejected',
    async (w) => {
      const page = await act(w, w.a)
      await see(page.getByTestId('form-name'), 'the enterprise form')
      await fillEnterpriseForm(w, page, w.enterprise)
      await w.shots.take(page, 'enterprise-form-filled')
      await submitBadInput(w, w.a.person, w.enterprise)
    },
  ],
  [
    'A submits the application and sees 认证中',
    async (w) => {
      await act(w, w.a)
      w.enterprise.applicationId = await submitApplication(w, w.a.person, 'application-pending')
      const app = await w.a.person.api('GET', `/applications/${w.enterprise.applicationId}`)
      assert.equal(app.body.status, 'pending', 'the application status')
      assert.equal(app.body.form.creditCode, w.enterprise.creditCode, 'the stored credit code')
    },
  ],
  [
    'the operator rejects the application with a reason',
    async (w) => {
      const page = await act(w, w.operator)
      await operatorLogin(w, page)
      await w.shots.take(page, 'admin-queue')
      await openApplication(w, page, w.enterprise, w.enterprise.addressDetail)
      await w.shots.take(page, 'admin-application')
      await rejectApplication(page, w.enterprise, w.rejectReason)
    },
  ],
  [
    'A sees the reason, corrects the address and resubmits',
    async (w) => {
      const page = await act(w, w.a)
      const ent = w.enterprise
      await openIdentities(page)
      await seeRejected(page, ent.creditCode, w.rejectReason)
      await w.shots.take(page, 'identities-rejected')
      await page.goto(`/applications/${ent.applicationId}`)
      await seeText(page.getByTestId('application-status'), ['未通过'], 'the application status')
      await seeText(page.getByTestId('application-reason'), [w.rejectReason], 'the rejection reason')
      await w.shots.take(page, 'application-rejected')
      await page.getByTestId('application-resubmit').click()
      await atPath(page, `/applications/${ent.applicationId}/edit`)
      await see(page.getByRole('heading', { name: '修改入驻申请' }), 'the edit form')
      await seeValue(page.getByTestId('form-name'), ent.name, 'the enterprise name on the edit form')
      await seeValue(page.getByTestId('form-addressDetail'), ent.addressDetail, 'the address on the edit form')
      await page.getByTestId('form-addressDetail').fill(ent.correctedAddress)
      ent.licenseId = await uploadLicense(page, w.images.png, 'png')
      await page.getByTestId('form-legalPhone').fill(ent.legalPhone)
      await page.getByTestId('form-legalIdNumber').fill(ent.legalIdNumber)
      const consent = page.getByTestId('form-idConsent')
      if (!(await consent.locator('input').isChecked())) await consent.click()
      await w.shots.take(page, 'application-edit')
      await page.getByTestId('form-submit').click()
      await atPath(page, `/applications/${ent.applicationId}`)
      await seeText(page.getByTestId('application-status'), ['认证中'], 'the resubmitted application')
      await w.shots.take(page, 'application-resubmitted')
    },
  ],
  [
    'the operator approves the corrected application',
    async (w) => {
      const page = await act(w, w.operator)
      await openApplication(w, page, w.enterprise, w.enterprise.correctedAddress)
      await approveApplication(page, w.enterprise)
      await w.shots.take(page, 'admin-queue-after-approval')
    },
  ],
  ['the operator finds the enterprise in 机构查询 with A as 管理员', operatorFindsEnterprise],
  [
    'A enters the enterprise as 管理员',
    async (w) => {
      const page = await act(w, w.a)
      await openIdentities(page)
      await enterAs(w, page, w.enterprise, '管理员', 'workbench-admin')
    },
  ],
  [
    'B signs in, resets the password through 忘记密码 and logs in by password',
    async (w) => {
      const page = await act(w, w.b)
      await ssoLogin(w, w.b.person, w.b)
      await logout(page)
      await forgotPassword(w, w.b, w.passwords.reset)
      await submitPasswordLogin(page, w.b.phone, w.passwords.reset)
      await atPath(page, '/identities')
      const me = await w.b.person.api('GET', '/me')
      assert.equal(me.body.loginMethod, 'password', 'login method after the password login')
    },
  ],
  [
    'B requests to join the enterprise and sees 认证中',
    async (w) => {
      const page = await act(w, w.b)
      await openIdentities(page)
      await page.getByTestId('identity-onboard-enterprise').click()
      await atPath(page, '/onboard/enterprise')
      await requestToJoin(w, page, w.enterprise)
      await openIdentities(page)
      await seeText(page.getByTestId(`identity-pending-${w.enterprise.creditCode}`), ['认证中'], 'the pending request')
    },
  ],
  [
    'A approves B in 企业成员管理',
    async (w) => {
      const page = await act(w, w.a)
      await page.goto(`${w.base}/workbench`)
      await seeText(page.getByTestId('workbench-join-requests'), ['1 条加入申请待审核'], 'the join request notice')
      await see(page.getByTestId('header-join-dot').locator('.el-badge__content'), 'the dot on the avatar')
      await w.shots.take(page, 'workbench-join-notice')
      await openMembers(page, w.enterprise)
      await w.shots.take(page, 'members-pending')
      await approveMember(page, w.b)
      await notSee(page.getByTestId('header-join-dot').locator('.el-badge__content'), 'the dot on the avatar')
      await w.shots.take(page, 'members-approved')
    },
  ],
  [
    'B enters the enterprise as 普通成员',
    async (w) => {
      const page = await act(w, w.b)
      await openIdentities(page)
      await enterAs(w, page, w.enterprise, '普通成员', 'workbench-member')
    },
  ],
  [
    'A adds C directly as a member before C has an account',
    async (w) => {
      const page = await act(w, w.a)
      await openMembers(page, w.enterprise)
      await addMember(w, page, w.c)
      await w.shots.take(page, 'members-invited')
    },
  ],
  [
    'C signs in as legal person and sees only that enterprise',
    async (w) => {
      const page = await act(w, w.c)
      const me = await ssoLogin(w, w.c.person, w.c)
      assert.deepEqual(me.legalScope, { orgName: w.c.orgName, creditCode: w.c.creditCode }, 'the legal scope')
      await openIdentities(page)
      await seeText(page.getByTestId('identity-legal-scope'), [w.c.orgName], 'the legal-scope notice')
      await notSee(page.getByText(w.enterprise.name), `${w.enterprise.name} on C's identity page`)
      await w.shots.take(page, 'legal-identities-before-onboarding')

      // C did join A's enterprise on this first login; the scope hides it.
      const members = await w.a.person.api('GET', '/org/members')
      const asMember = members.body.members.find((m) => m.name === w.c.name)
      assert.equal(asMember?.status, 'active', "C is an active member of A's enterprise")
      const ids = await w.c.person.api('GET', '/me/identities')
      assert.deepEqual(ids.body.identities, [], 'the legal-scoped identities before onboarding')
    },
  ],
  [
    'C onboards the legal-person enterprise and is 超级管理员 at once',
    async (w) => {
      const page = await act(w, w.c)
      const ent = w.legalEnterprise
      await page.getByTestId('identity-onboard-enterprise').click()
      await atPath(page, '/onboard/enterprise')
      await page.getByTestId('onboard-new').click()
      await atPath(page, '/onboard/enterprise/new')
      await seeText(page.getByTestId('form-name-readonly'), [ent.name], 'the read-only enterprise name')
      await seeText(page.getByTestId('form-creditCode-readonly'), [ent.creditCode], 'the read-only credit code')
      await notSee(page.getByTestId('form-legalIdNumber'), 'legal-person fields in a legal-person login')
      await pickDistrict(page, 'form-region', ent.district)
      await page.getByTestId('form-addressDetail').fill(ent.addressDetail)
      await page.getByTestId('form-email').fill(ent.email)
      await w.shots.take(page, 'legal-enterprise-form')
      await page.getByTestId('form-submit').click()
      await seeMessage(page, '企业入驻成功')
      await atPath(page, '/identities')

      await page.getByTestId('identity-select-enterprise').click()
      const options = page.locator('.el-select-dropdown__item:visible')
      await see(options, 'the enterprise identities')
      assert.equal(await options.count(), 1, 'the legal-scoped identity page lists one enterprise')
      await seeText(options, [ent.name, '超级管理员'], 'the only enterprise identity')
      await notSee(page.getByTestId(`identity-option-${w.enterprise.creditCode}`), "A's enterprise for C")
      await w.shots.take(page, 'legal-identities')
      await page.keyboard.press('Escape')
      await enterAs(w, page, ent, '超级管理员', 'workbench-super-admin')
      const ids = await w.c.person.api('GET', '/me/identities')
      const codes = ids.body.identities.map((i) => i.org.creditCode)
      assert.deepEqual(codes, [ent.creditCode], 'the API lists only the legal-person enterprise')
    },
  ],
  [
    'a phone without an account gets the same error as a wrong password',
    async (w) => {
      const page = await act(w, w.b)
      await logout(page)
      const unknown = mobile()
      await submitPasswordLogin(page, unknown, 'Wrong#pass1')
      const unknownError = await loginError(page)
      await w.shots.take(page, 'login-wrong-password')
      await page.reload()
      await submitPasswordLogin(page, w.b.phone, 'Wrong#pass1')
      const wrongError = await loginError(page)
      assert.equal(unknownError, '手机号或密码错误', 'the message for an unknown phone')
      assert.equal(wrongError, unknownError, 'the message for a wrong password')

      const post = (phone) =>
        fetch(`${w.base}/api/v1/auth/login/password`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ phone, password: 'Wrong#pass2' }),
          signal: AbortSignal.timeout(5_000),
        }).then(async (res) => ({ status: res.status, body: await res.json() }))
      assert.deepEqual(await post(unknown), await post(w.b.phone), 'the API responses for unknown and known phones')
    },
  ],
  [
    'B logs in by SMS code',
    async (w) => {
      await act(w, w.b)
      await smsLogin(w, w.b)
    },
  ],
  [
    'changing the password signs out B\'s other session',
    async (w) => {
      const page = await act(w, w.b)
      const second = await newPerson(w.browser, w.base, 'B2')
      w.b2 = { person: second }
      await submitPasswordLogin(second.page, w.b.phone, w.passwords.reset)
      await atPath(second.page, '/identities')
      assert.equal((await second.api('GET', '/me')).status, 200, 'the second session is signed in')

      await page.goto('/workbench')
      await changePassword(w, page, w.passwords.reset, w.passwords.changed)
      assert.equal((await w.b.person.api('GET', '/me')).status, 200, 'the session that changed the password stays')

      w.current = second
      assert.equal((await second.api('GET', '/me')).status, 401, 'the other session is signed out')
      await second.page.reload()
      await atPath(second.page, '/login')
      await w.shots.take(second.page, 'second-session-signed-out')
      await submitPasswordLogin(second.page, w.b.phone, w.passwords.changed)
      await atPath(second.page, '/identities')
    },
  ],
]
