// Names for the API types generated from api/openapi.yaml into
// schema.d.ts (npm run gen:api). Views import from here, so a schema
// rename touches one file.

import type { components, operations } from './schema'

type Schemas = components['schemas']

export type IdentityKind = Schemas['IdentityKind']
export type Role = Schemas['Role']
export type IdentityStatus = Schemas['IdentityStatus']
export type ApplicationStatus = Schemas['ApplicationStatus']
export type SmsPurpose = Schemas['SmsPurpose']
export type LoginMethod = Schemas['LoginMethod']
export type UploadPurpose = Schemas['UploadPurpose']

export type Config = Schemas['Config']
export type Region = Schemas['RegionNode']
export type User = Schemas['User']
export type OrgRef = Schemas['OrgRef']
export type Identity = Schemas['Identity']
export type LegalScope = Schemas['LegalScope']
export type Me = Schemas['Me']
export type ApplicationSummary = Schemas['ApplicationSummary']
export type AdminApplicationSummary = Schemas['AdminApplicationSummary']
export type AdminApplicationPage =
  operations['listAdminApplications']['responses']['200']['content']['application/json']
export type Upload = Schemas['Upload']
export type EnterpriseApplicationInput = Schemas['EnterpriseApplication']
export type LegalEnterpriseApplicationInput = Schemas['EnterpriseLegalApplication']
export type ApplicationForm = Schemas['ApplicationForm']
export type Application = Schemas['Application']
export type AdminApplication = Schemas['AdminApplication']
export type Member = Schemas['Member']
export type MemberStatus = Member['status']
export type Operator = Schemas['Operator']
export type UserSummary = Schemas['UserSummary']
export type OrganizationDetail = Schemas['OrganizationDetail']
export type OrganizationSource = OrganizationDetail['source']
export type AuditEvent = Schemas['AuditEvent']
export type GridRef = Schemas['GridRef']
export type Grid = Schemas['Grid']
export type GridEnterprise = Schemas['GridEnterprise']
export type GridEnterprisePage =
  operations['listGridEnterprises']['responses']['200']['content']['application/json']
export type AddedMember = Schemas['AddedMember']
export type OutboxMessage = Schemas['SmsOutboxItem']
export type FieldError = Schemas['FieldError']
export type ErrorBody = Schemas['Error']

export interface MyIdentities {
  identities: Identity[]
  applications: ApplicationSummary[]
}

export interface MemberList {
  org: OrgRef
  members: Member[]
}

/** An organization as the back office shows it, with its pending, active and invited members. */
export interface AdminOrganization {
  org: OrganizationDetail
  members: Member[]
}

/** Filters of the audit log, as GET /admin/audit reads them. Empty values match every event. */
export interface AuditFilter {
  /** Action names, or prefixes ending in a dot. An event matches any of them. */
  action?: string[]
  /** Id of the user or operator who acted. */
  actor?: string
  /** Organization id: what happened in or to the organization. */
  org?: string
  /** First day or RFC 3339 time, inclusive. */
  from?: string
  /** Last day (inclusive) or RFC 3339 time (exclusive). */
  to?: string
  /** Client IP address. */
  addr?: string
}

/** One page of the audit log, newest first. */
export interface AuditPage {
  items: AuditEvent[]
  /** Cursor of the next page, absent on the last page. */
  nextCursor?: string
}

/** A service grid as the back office shows it, with its active and invited grid members. */
export interface AdminGrid {
  grid: Grid
  members: Member[]
}
