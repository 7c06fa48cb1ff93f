import type { ApplicationStatus, IdentityKind, IdentityStatus, MemberStatus, Role, SmsPurpose } from '@/api/types'

/** Chinese names of identity kinds, in the order the identity page lists them. */
export const kindLabels: Record<IdentityKind, string> = {
  enterprise: '企业',
  research_team: '科研团队',
  service_institution: '服务机构',
  tech_manager: '个人服务方',
  grid: '服务网格',
}

export const identityKinds = Object.keys(kindLabels) as IdentityKind[]

/** Chinese names of roles within an organization. */
export const roleLabels: Record<Role, string> = {
  super_admin: '超级管理员',
  admin: '管理员',
  member: '普通成员',
}

export const identityStatusLabels: Record<IdentityStatus, string> = {
  pending: '认证中',
  active: '已认证',
  rejected: '未通过',
}

export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  pending: '认证中',
  approved: '已通过',
  rejected: '未通过',
}

export const memberStatusLabels: Record<MemberStatus, string> = {
  pending: '待审核',
  active: '已加入',
  invited: '待激活',
}

export const smsPurposeLabels: Record<SmsPurpose, string> = {
  login: '登录',
  reset_password: '找回密码',
  change_password: '修改密码',
}

export const loginMethodLabels: Record<string, string> = {
  sso: '统一身份认证',
  sso_legal: '统一身份认证（法人）',
  password: '密码登录',
  sms: '验证码登录',
}

/** Chinese messages for the error codes the SSO callback puts in /login?error=. */
export const ssoErrorMessages: Record<string, string> = {
  access_denied: '您已取消统一身份认证授权，请重新登录。',
  state_mismatch: '登录请求已过期或无效，请重新登录。',
  invalid_state: '登录请求已过期或无效，请重新登录。',
  expired: '登录请求已过期，请重新登录。',
  provider_error: '统一身份认证平台暂时无法完成登录，请稍后重试。',
  exchange_failed: '统一身份认证平台暂时无法完成登录，请稍后重试。',
  missing_phone: '统一身份认证账号未绑定手机号，暂时无法登录本平台。',
  disabled: '该账号已被停用，请联系平台运营人员。',
}

/** Returns the Chinese message for an SSO callback error code. */
export function ssoErrorMessage(code: string): string {
  return ssoErrorMessages[code] ?? `统一身份认证登录失败（${code}），请重新登录。`
}

/** Formats an RFC 3339 timestamp as local "YYYY-MM-DD HH:mm". */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—'
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Formats an RFC 3339 timestamp as local "YYYY-MM-DD HH:mm:ss". */
export function formatTimeSeconds(value: string | null | undefined): string {
  if (!value) return '—'
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${formatTime(value)}:${pad(d.getSeconds())}`
}
