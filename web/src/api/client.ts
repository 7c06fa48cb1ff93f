// A small typed client for the JSON API under /api/v1. Every call goes
// through request, which sends JSON (or multipart for uploads) with the
// session cookie and turns the API's error shape into an ApiError.

import type {
  AddedMember,
  AdminApplication,
  AdminApplicationPage,
  AdminGrid,
  AdminOrganization,
  Application,
  ApplicationStatus,
  AuditFilter,
  AuditPage,
  Config,
  EnterpriseApplicationInput,
  ErrorBody,
  FieldError,
  Grid,
  GridEnterprisePage,
  GridRef,
  Identity,
  IdentityKind,
  LegalEnterpriseApplicationInput,
  Me,
  MemberList,
  MyIdentities,
  Operator,
  OrgRef,
  OutboxMessage,
  Region,
  Role,
  SmsPurpose,
  Upload,
  UploadPurpose,
  UserSummary,
} from './types'

export const apiBase = '/api/v1'

/** ApiError is a failed API call: an HTTP error response or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number
  /** Error code from the response, such as "validation_failed", or "network". */
  readonly code: string
  readonly fields: FieldError[]
  /** Seconds to wait before retrying, set on "rate_limited". */
  readonly retryAfter?: number

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], retryAfter?: number) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
    this.retryAfter = retryAfter
  }

  /** Returns the error reported for a request field, if any. */
  field(name: string): FieldError | undefined {
    return this.fields.find((f) => f.field === name)
  }
}

/** Returns whether err is an ApiError with the given code. */
export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code)
}

type UnauthenticatedHandler = (path: string, err: ApiError) => void

let unauthenticatedHandler: UnauthenticatedHandler | null = null

/**
 * Sets the function called when a request fails with 401 unauthenticated
 * (an expired or missing session), so the app can send the user to a login
 * page. Requests made with allowUnauthenticated skip it.
 */
export function onUnauthenticated(handler: UnauthenticatedHandler | null): void {
  unauthenticatedHandler = handler
}

export interface RequestOptions {
  /** JSON request body. */
  json?: unknown
  /** Multipart request body; takes precedence over json. */
  form?: FormData
  /** Do not call the unauthenticated handler on 401, for session probes. */
  allowUnauthenticated?: boolean
  signal?: AbortSignal
}

/**
 * Sends a request to apiBase + path and returns the decoded JSON response,
 * or undefined for 204 No Content. It throws an ApiError for any non-2xx
 * response and for network failures.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (options.form) {
    body = options.form
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  }

  let response: Response
  try {
    response = await fetch(apiBase + path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试')
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  const err = await errorFromResponse(response)
  if (err.status === 401 && err.code === 'unauthenticated' && !options.allowUnauthenticated) {
    unauthenticatedHandler?.(path, err)
  }
  throw err
}

/** Decodes the API error shape, falling back to a generic message for other bodies (such as a proxy's HTML page). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let parsed: Partial<ErrorBody> | null = null
  try {
    parsed = (await response.json()) as Partial<ErrorBody>
  } catch {
    parsed = null
  }
  const e = parsed?.error
  if (e && typeof e.code === 'string') {
    const fields = Array.isArray(e.fields) ? e.fields : []
    return new ApiError(response.status, e.code, e.message || fallbackMessage(response.status), fields, e.retryAfter)
  }
  return new ApiError(response.status, fallbackCode(response.status), fallbackMessage(response.status))
}

function fallbackCode(status: number): string {
  switch (status) {
    case 400:
      return 'validation_failed'
    case 401:
      return 'unauthenticated'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 409:
      return 'conflict'
    case 429:
      return 'rate_limited'
    default:
      return 'internal'
  }
}

function fallbackMessage(status: number): string {
  switch (status) {
    case 401:
      return '登录已过期，请重新登录'
    case 403:
      return '没有权限执行此操作'
    case 404:
      return '请求的内容不存在'
    case 429:
      return '操作过于频繁，请稍后再试'
    default:
      return status >= 500 ? `服务暂时不可用（HTTP ${status}），请稍后重试` : `请求失败（HTTP ${status}）`
  }
}

const get = <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options)
const post = <T>(path: string, json?: unknown) => request<T>('POST', path, { json: json ?? {} })
const put = <T>(path: string, json: unknown) => request<T>('PUT', path, { json })
const del = (path: string) => request<void>('DELETE', path)

/** The API endpoints, one function each. */
export const api = {
  config: () => get<Config>('/config', { allowUnauthenticated: true }),
  regions: () => get<Region[]>('/regions'),
  techFields: () => get<string[]>('/tech-fields'),

  ssoLoginURL: (next: string) => `${apiBase}/auth/sso/login?next=${encodeURIComponent(next)}`,
  sendSmsCode: (phone: string, purpose: SmsPurpose) =>
    post<{ resendAfter: number }>('/auth/sms-codes', { phone, purpose }),
  loginPassword: (phone: string, password: string) => post<Me>('/auth/login/password', { phone, password }),
  loginSms: (phone: string, code: string) => post<Me>('/auth/login/sms', { phone, code }),
  resetPassword: (phone: string, code: string, newPassword: string) =>
    post<void>('/auth/password/reset', { phone, code, newPassword }),
  logout: () => post<void>('/auth/logout'),

  me: () => get<Me>('/me', { allowUnauthenticated: true }),
  /** Sends a change_password code to the signed-in user's own phone, which the client knows only masked. */
  sendOwnSmsCode: () => post<{ resendAfter: number }>('/me/sms-codes'),
  changePassword: (body: { currentPassword?: string; smsCode?: string; newPassword: string }) =>
    post<void>('/me/password', body),
  myIdentities: () => get<MyIdentities>('/me/identities'),
  setActiveIdentity: (identityId: string | null) => put<Me>('/me/active-identity', { identityId }),

  searchOrganizations: (kind: IdentityKind, q: string) =>
    get<{ items: OrgRef[] }>(`/organizations?kind=${kind}&q=${encodeURIComponent(q)}`),
  joinOrganization: (orgId: string) => post<Identity>(`/organizations/${encodeURIComponent(orgId)}/join-requests`),
  upload: (file: File, purpose: UploadPurpose) => {
    const form = new FormData()
    form.append('purpose', purpose)
    form.append('file', file)
    return request<Upload>('POST', '/uploads', { form })
  },
  createApplication: (body: EnterpriseApplicationInput | LegalEnterpriseApplicationInput) =>
    post<Application>('/applications', body),
  application: (id: string) => get<Application>(`/applications/${encodeURIComponent(id)}`),
  resubmitApplication: (id: string, body: EnterpriseApplicationInput) =>
    put<Application>(`/applications/${encodeURIComponent(id)}`, body),

  grids: (region: string) => get<{ items: GridRef[] }>(`/grids?region=${encodeURIComponent(region)}`),
  gridEnterprises: (page = 1, pageSize = 20) =>
    get<GridEnterprisePage>(`/grid/enterprises?page=${page}&pageSize=${pageSize}`),

  members: () => get<MemberList>('/org/members'),
  addMember: (name: string, phone: string) => post<AddedMember>('/org/members', { name, phone }),
  approveMember: (identityId: string) => post<unknown>(`/org/members/${encodeURIComponent(identityId)}/approve`),
  rejectMember: (identityId: string, reason: string) =>
    post<unknown>(`/org/members/${encodeURIComponent(identityId)}/reject`, { reason }),
  setMemberRole: (identityId: string, role: Exclude<Role, 'super_admin'>) =>
    put<unknown>(`/org/members/${encodeURIComponent(identityId)}/role`, { role }),
  removeMember: (identityId: string) => del(`/org/members/${encodeURIComponent(identityId)}`),

  adminLogin: (phone: string, password: string) =>
    post<{ operator: Operator }>('/admin/login', { phone, password }),
  adminLogout: () => post<void>('/admin/logout'),
  adminMe: () => get<{ operator: Operator }>('/admin/me', { allowUnauthenticated: true }),
  adminApplications: (status: ApplicationStatus = 'pending', page = 1, pageSize = 20) =>
    get<AdminApplicationPage>(
      `/admin/applications?status=${encodeURIComponent(status)}&page=${page}&pageSize=${pageSize}`,
    ),
  adminApplication: (id: string) => get<AdminApplication>(`/admin/applications/${encodeURIComponent(id)}`),
  adminApprove: (id: string) => post<Application>(`/admin/applications/${encodeURIComponent(id)}/approve`),
  adminReject: (id: string, reason: string) =>
    post<Application>(`/admin/applications/${encodeURIComponent(id)}/reject`, { reason }),
  /** Returns the page of the audit log after cursor, or the newest page without one. */
  adminAudit: (filter: AuditFilter, cursor = '', limit = 50) => {
    const params = new URLSearchParams()
    for (const action of filter.action ?? []) params.append('action', action)
    for (const key of ['actor', 'org', 'from', 'to', 'addr'] as const) {
      const value = filter[key]
      if (value) params.set(key, value)
    }
    if (cursor) params.set('cursor', cursor)
    params.set('limit', String(limit))
    return get<AuditPage>(`/admin/audit?${params}`)
  },
  adminUsers: (q: string) => get<{ items: UserSummary[] }>(`/admin/users?q=${encodeURIComponent(q)}`),
  adminOrganizations: (kind: IdentityKind, q: string) =>
    get<{ items: OrgRef[] }>(`/admin/organizations?kind=${kind}&q=${encodeURIComponent(q)}`),
  adminOrganization: (id: string) => get<AdminOrganization>(`/admin/organizations/${encodeURIComponent(id)}`),
  /** Lists the service grids of a Wuhan district, or of every district when region is "". */
  adminGrids: (region = '') =>
    get<{ items: Grid[] }>(region ? `/admin/grids?region=${encodeURIComponent(region)}` : '/admin/grids'),
  adminCreateGrid: (name: string, regionCode: string) => post<Grid>('/admin/grids', { name, regionCode }),
  adminGrid: (id: string) => get<AdminGrid>(`/admin/grids/${encodeURIComponent(id)}`),
  adminRenameGrid: (id: string, name: string) => put<GridRef>(`/admin/grids/${encodeURIComponent(id)}`, { name }),
  adminAssignGridMember: (gridId: string, name: string, phone: string) =>
    post<AddedMember>(`/admin/grids/${encodeURIComponent(gridId)}/members`, { name, phone }),
  adminRemoveGridMember: (gridId: string, identityId: string) =>
    del(`/admin/grids/${encodeURIComponent(gridId)}/members/${encodeURIComponent(identityId)}`),

  smsOutbox: () => get<{ items: OutboxMessage[] }>('/dev/sms-outbox', { allowUnauthenticated: true }),
}
