// Types of the JSON API under /api/v1. They are written by hand from the
// API contract until api/openapi.yaml exists; after that they become
// aliases of the generated schema.d.ts.

export type IdentityKind = 'enterprise' | 'research_team' | 'service_institution' | 'tech_manager' | 'grid'
export type Role = 'super_admin' | 'admin' | 'member'
export type IdentityStatus = 'pending' | 'active' | 'rejected'
export type ApplicationStatus = 'pending' | 'approved' | 'rejected'
export type MemberStatus = 'active' | 'pending' | 'invited'
export type SmsPurpose = 'login' | 'reset_password' | 'change_password'
export type LoginMethod = 'sso' | 'sso_legal' | 'password' | 'sms'
export type UploadPurpose = 'license' | 'cover' | 'avatar'

export interface Config {
  devMode: boolean
  ssoName: string
  smsResendSeconds: number
}

export interface Region {
  code: string
  name: string
  children?: Region[]
}

export interface User {
  id: string
  name: string
  phoneMasked: string
  hasPassword: boolean
}

export interface OrgRef {
  id: string
  name: string
  creditCode: string
  status?: string
}

export interface Identity {
  id: string
  kind: IdentityKind
  role: Role
  status: IdentityStatus
  org: OrgRef
  reason?: string
}

export interface LegalScope {
  orgName: string
  creditCode: string
}

export interface Me {
  user: User
  loginMethod: LoginMethod
  legalScope: LegalScope | null
  activeIdentity: Identity | null
}

export interface ApplicationSummary {
  id: string
  kind: IdentityKind
  status: ApplicationStatus
  orgName: string
  creditCode: string
  reason?: string
  flagged: boolean
  submittedAt: string
  decidedAt?: string | null
  applicantName?: string
}

export interface MyIdentities {
  identities: Identity[]
  applications: ApplicationSummary[]
}

export interface OrganizationHit {
  id: string
  name: string
  creditCode: string
}

export interface Upload {
  id: string
  url: string
  format: string
  width: number
  height: number
  size: number
}

/** Request body of POST and PUT /applications for a personal login. */
export interface EnterpriseApplicationInput {
  kind: 'enterprise'
  name: string
  creditCode: string
  creditCodeConfirmed: boolean
  regionCode: string
  addressDetail: string
  serviceOrgId: string | null
  gridId: string | null
  email: string
  techFields: string[]
  legalName: string
  legalPhone: string
  legalIdNumber: string
  licenseUploadId: string
  idConsent: boolean
}

/** Request body of POST /applications for a legal-person login. */
export interface LegalEnterpriseApplicationInput {
  kind: 'enterprise'
  regionCode: string
  addressDetail: string
  email: string
}

export interface ApplicationForm {
  name?: string
  creditCode?: string
  creditCodeConfirmed?: boolean
  regionCode?: string
  regionName?: string
  addressDetail?: string
  serviceOrgId?: string | null
  serviceOrgName?: string | null
  gridId?: string | null
  gridName?: string | null
  email?: string
  techFields?: string[]
  legalName?: string
  legalPhone?: string
  legalIdNumber?: string
  idConsent?: boolean
}

export interface Application {
  id: string
  kind: IdentityKind
  status: ApplicationStatus
  reason?: string
  flagged: boolean
  submittedAt: string
  decidedAt?: string | null
  form: ApplicationForm
  license?: { id: string; url: string } | null
  applicant?: { name: string; phoneMasked: string }
}

export interface Member {
  identityId: string
  name: string
  phoneMasked: string
  role: Role
  status: MemberStatus
  createdAt: string
}

export interface MemberList {
  org: OrgRef
  members: Member[]
}

export interface Operator {
  id: string
  name: string
  phoneMasked: string
}

export interface AuditEntry {
  at: string
  actor: string
  identity?: string
  action: string
  target: string
  addr: string
}

export interface OutboxMessage {
  phone: string
  code: string
  purpose: SmsPurpose
  sentAt: string
}

export interface FieldError {
  field: string
  message: string
  reason?: string
}

export interface ErrorBody {
  error: {
    code: string
    message: string
    fields?: FieldError[]
    retryAfter?: number
  }
}
