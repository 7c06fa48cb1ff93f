import type {
  ApplicationStatus,
  IdentityKind,
  IdentityStatus,
  Member,
  MemberStatus,
  OrganizationSource,
  Role,
  SmsPurpose,
} from '@/api/types'

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

/** Returns the Chinese name of an identity's role: 网格员 for every grid identity, else the role's name. */
export function identityRoleLabel(identity: { kind: IdentityKind; role: Role }): string {
  return identity.kind === 'grid' ? '网格员' : roleLabels[identity.role]
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

/** Element Plus tag types of member statuses. */
export const memberStatusTagTypes = { pending: 'warning', active: 'success', invited: 'info' } as const

/**
 * Labels of a member's time by status: the time of the join request, of
 * the manager adding the person, or of joining.
 */
export const memberTimeLabels: Record<MemberStatus, string> = { pending: '申请于', invited: '添加于', active: '加入于' }

/** Returns when a member joined, or for other members when they requested to join or were added. */
export function memberTime(m: Member): string {
  return m.status === 'active' && m.decidedAt ? m.decidedAt : m.createdAt
}

/** Chinese names of the ways an organization came onto the platform. */
export const organizationSourceLabels: Record<OrganizationSource, string> = {
  application: '审核入驻',
  legal_login: '法人登录入驻',
  import: '数据导入',
  operator: '运营创建',
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
  access_denied: '您已取消统一身份认证授权，如需登录请重新发起。',
  state_mismatch: '登录请求无效或已在其他窗口使用，请重新登录。',
  state_expired: '登录请求已过期，请重新登录。',
  sso_failed: '统一身份认证平台未能完成登录，请稍后重试。',
  sso_invalid_name: '统一身份认证返回的姓名或单位名称无法在本平台使用，请联系平台运营人员处理。',
  sso_unavailable: '统一身份认证平台暂时无法访问，请稍后重试，或使用手机号快捷登录。',
  login_failed: '统一身份认证成功，但本平台登录失败，请稍后重试。',
  forbidden: '该账号暂时无法登录本平台，请联系平台运营人员。',
  internal: '登录过程中发生错误，请稍后重试。',
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

/**
 * The actions the server records in the audit log, in the groups of the
 * audit page's filter, with their Chinese names.
 */
export const auditActionGroups: { label: string; actions: Record<string, string> }[] = [
  {
    label: '登录与会话',
    actions: { login: '登录', 'session.start': '开始会话', logout: '退出登录' },
  },
  {
    label: '密码',
    actions: { 'password.change': '修改密码', 'password.reset': '找回密码', 'password.rehash': '升级密码存储' },
  },
  { label: '身份', actions: { 'identity.switch': '切换身份' } },
  {
    label: '入驻申请',
    actions: {
      'application.submit': '提交入驻申请',
      'application.resubmit': '重新提交入驻申请',
      'application.view': '查看入驻申请',
      'application.approve': '通过入驻申请',
      'application.reject': '驳回入驻申请',
    },
  },
  {
    label: '机构',
    actions: { 'organization.onboard_legal': '法人直接入驻', 'organization.claim_legal': '法人认领机构' },
  },
  {
    label: '成员',
    actions: {
      'join.request': '申请加入',
      'member.add': '添加成员',
      'member.add_refused': '添加成员未成功',
      'member.approve': '通过加入申请',
      'member.attach': '受邀成员登录后加入',
      'member.reject': '拒绝加入申请',
      'member.change_role': '变更成员角色',
      'member.remove': '移除成员',
    },
  },
  {
    label: '服务网格',
    actions: {
      'grid.create': '新增网格',
      'grid.rename': '修改网格名称',
      'grid.member.add': '添加网格员',
      'grid.member.remove': '移除网格员',
    },
  },
]

/** Chinese names of audit log actions. The audit page shows the code of any action missing here. */
export const auditActionLabels: Record<string, string> = Object.assign(
  {},
  ...auditActionGroups.map((g) => g.actions),
) as Record<string, string>

/** Chinese names of the kinds of audit event targets. */
export const auditTargetKindLabels: Record<string, string> = {
  user: '用户',
  operator: '运营人员',
  organization: '机构',
  application: '入驻申请',
  identity: '成员身份',
}

/** Returns the last four digits of a masked phone, which label rows in test ids. */
export function phoneTail(masked: string): string {
  return masked.slice(-4)
}
