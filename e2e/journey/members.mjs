// Identities and membership: choosing an organization identity, the join
// request, and the member list of an enterprise's managers.

import assert from 'node:assert/strict'
import { atPath, chooseOption, see, seeMessage, seeText } from '../lib/ui.mjs'
import { searchEnterprise } from './onboarding.mjs'

/** Returns the test id suffix of a member row: the last four digits of the phone. */
export function memberKey(phone) {
  return phone.slice(-4)
}

/**
 * Chooses the enterprise identity for creditCode on the identity page,
 * confirms, and checks the workbench and header show the enterprise with
 * role (a Chinese role name).
 */
export async function enterAs(w, page, ent, role, shot) {
  await chooseOption(page, 'identity-select-enterprise', `identity-option-${ent.creditCode}`)
  await page.getByTestId('identity-confirm').click()
  await atPath(page, '/workbench')
  await seeText(page.getByTestId('workbench-org-name'), [ent.name], 'the workbench organization')
  await seeText(page.getByTestId('workbench-role'), [role], 'the workbench role')
  const roleText = (await page.getByTestId('workbench-role').textContent()).trim()
  assert.equal(roleText, role, 'the role on the workbench')
  await seeText(page.getByTestId('header-identity'), ['企业', ent.name, role], 'the header identity')
  await w.shots.take(page, shot)
}

/** Opens 企业成员管理 from the header's user menu. */
export async function openMembers(page, ent) {
  await page.getByTestId('header-user').click()
  await page.getByTestId('menu-members').click()
  await atPath(page, '/org/members')
  await see(page.getByRole('heading', { name: '企业成员管理' }), 'the member list')
  await seeText(page.getByTestId('members-org'), [ent.name, ent.creditCode], 'the member list subtitle')
}

/** Waits until the member with phone shows status (a Chinese status name). */
export async function seeMemberStatus(page, phone, status) {
  await seeText(page.getByTestId(`member-status-${memberKey(phone)}`), [status], `the status of member ${memberKey(phone)}`)
}

/** Approves the pending join request of the member with phone. */
export async function approveMember(page, who) {
  await seeMemberStatus(page, who.phone, '待审核')
  await seeText(page.getByTestId(`member-row-${memberKey(who.phone)}`), [who.name], 'the pending member')
  await page.getByTestId(`member-approve-${memberKey(who.phone)}`).click()
  await seeMessage(page, `已通过 ${who.name} 的加入申请`)
  // The header's menu opened the 待审核 tab, which no longer lists the member.
  await page.getByTestId('members-tab-all').click()
  await seeMemberStatus(page, who.phone, '已加入')
}

/** Adds a member directly by name and phone through the 添加成员 dialog. */
export async function addMember(w, page, who) {
  await page.getByTestId('member-add').click()
  const dialog = page.getByRole('dialog').filter({ hasText: '添加成员' })
  await see(dialog, 'the add-member dialog')
  await page.getByTestId('member-add-name').fill(who.name)
  await page.getByTestId('member-add-phone').fill(who.phone)
  await w.shots.take(page, 'members-add-dialog')
  await page.getByTestId('member-add-submit').click()
  await seeMessage(page, '状态为“待激活”')
  await seeMemberStatus(page, who.phone, '待激活')
}

/** Requests to join ent from /onboard/enterprise and checks 认证中. */
export async function requestToJoin(w, page, ent) {
  const option = await searchEnterprise(page, ent.keyword, ent.creditCode)
  await option.click()
  await seeText(page.getByTestId('join-selected'), [ent.name], 'the selected enterprise')
  await page.getByTestId('join-confirm').click()
  await seeText(page.getByTestId('join-result'), ['认证中', ent.name], 'the join result')
  await w.shots.take(page, 'join-requested')
}
