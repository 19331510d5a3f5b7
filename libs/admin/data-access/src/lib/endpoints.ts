import type {
  GraduationImportReport,
  GraduationImportRequest,
  Indicator,
  IndicatorView,
  MetricsGraduate,
  RankingView,
  TrendView,
  CreateTransferRequest,
  TransferBox,
  TransferDetail,
  TransferTargetNode,
  TransferTargetView,
  BranchGraduationRequest,
  BulkDestinationRequest,
  BulkInitiateRequest,
  BulkInitiateResult,
  BulkRemindResult,
  BulkDestinationResult,
  BranchGraduationResult,
  BulkGraduationRequest,
  BulkGraduationResult,
  GraduationOverview,
  MemberGraduationRequest,
  ChangePasswordRequest,
  ChangePasswordResult,
  CreateMemberRequest,
  CreateOrgRequest,
  CreateUserRequest,
  Health,
  ImportReport,
  LoginRequest,
  LoginResult,
  CaptchaView,
  MeView,
  MemberDetail,
  MemberFilter,
  MemberImportRequest,
  MemberListRequest,
  MemberPage,
  OkResult,
  OrgListFilter,
  OrgView,
  Page,
  RegionView,
  ResetCodeResult,
  ResetPasswordRequest,
  TransferHistoryItem,
  BatchApproveRequest,
  BatchApproveResult,
  ReminderInboxItem,
  UpdateMemberRequest,
  UpdateOrgRequest,
  UserView,
  OrgSecurityView,
  SecondFactorEnrolment,
  SecondFactorStatus,
} from '@zhtj/shared/contract';
import type { AbroadReportView, ArrivalRequest, CheckInView, ExternalOutcomeRequest, OverdueRow, SeasonCalendarView } from '@zhtj/shared/contract';
import type { OverdueList } from '@zhtj/domain';
import type { ApiClient, DownloadedFile } from './api-client';

/** Every route the console calls, typed by the shared contract (API.md). */
export function createEndpoints(api: ApiClient) {
  return {
    auth: {
      login: (body: LoginRequest) => api.post<LoginResult>('/auth/login', body),
      /** An image challenge, asked for after failed logins from this network (CAPTCHA_REQUIRED). */
      captcha: () => api.get<CaptchaView>('/auth/captcha'),
      me: () => api.get<MeView>('/auth/me'),
      /** Ends this token on every API replica (→ 204). */
      logout: () => api.post<void>('/auth/logout'),
      changePassword: (body: ChangePasswordRequest) => api.post<ChangePasswordResult>('/auth/change-password', body),
      resetPassword: (body: ResetPasswordRequest) => api.post<OkResult>('/auth/reset-password', body),
      /** Q19: a one-time reset code for an account (username, or a member's ID number). */
      createResetCode: (username: string) => api.post<ResetCodeResult>('/auth/reset-codes', { username }),
      createUser: (body: CreateUserRequest) => api.post<UserView>('/users', body),
    },
    /** Issue 24: the caller's second factor (TOTP), also with a token limited to enrolment. */
    secondFactor: {
      status: () => api.get<SecondFactorStatus>('/auth/2fa'),
      enrol: () => api.post<SecondFactorEnrolment>('/auth/2fa/enrol'),
      confirm: (code: string) => api.post<OkResult>('/auth/2fa/confirm', { code }),
      /** A superior resets a subordinate admin's lost second factor (→ 204). */
      reset: (userId: string) => api.del(`/users/${userId}/2fa`),
      orgSecurity: (orgId: string) => api.get<OrgSecurityView>(`/orgs/${orgId}/security`),
      setOrgSecurity: (orgId: string, require2fa: boolean) => api.put<OrgSecurityView>(`/orgs/${orgId}/security`, { require2fa }),
    },
    orgs: {
      get: (id: string) => api.get<OrgView>(`/orgs/${id}`),
      children: (id: string, page = 1, pageSize = 200) => api.get<Page<OrgView>>(`/orgs/${id}/children`, { page, pageSize }),
      list: (filter: OrgListFilter) => api.get<Page<OrgView>>('/orgs', filter),
      create: (body: CreateOrgRequest) => api.post<OrgView>('/orgs', body),
      update: (id: string, body: UpdateOrgRequest) => api.patch<OrgView>(`/orgs/${id}`, body),
      remove: (id: string) => api.del(`/orgs/${id}`),
    },
    members: {
      list: (req: MemberListRequest) => api.get<MemberPage>('/members', req),
      get: (id: string) => api.get<MemberDetail>(`/members/${id}`),
      create: (body: CreateMemberRequest) => api.post<MemberDetail>('/members', body),
      update: (id: string, body: UpdateMemberRequest) => api.patch<MemberDetail>(`/members/${id}`, body),
      import: (body: MemberImportRequest) => api.post<ImportReport>('/members/import', body),
      export: (filter: MemberFilter): Promise<DownloadedFile> => api.download('/members/export', filter, '团员名单.xlsx'),
      transfers: (id: string) => api.get<Page<TransferHistoryItem>>(`/members/${id}/transfers`),
    },
    transfers: {
      list: (box: TransferBox, query: { status?: string; type?: string; q?: string; page?: number; pageSize?: number } = {}) =>
        api.get<Page<TransferHistoryItem>>('/transfers', { box, ...query }),
      get: (id: string) => api.get<TransferDetail>(`/transfers/${id}`),
      create: (body: CreateTransferRequest) => api.post<TransferHistoryItem>('/transfers', body),
      /** §5: `branchId` assigns a branch under a committee target (required then). */
      approve: (id: string, branchId?: string) => api.post<TransferHistoryItem>(`/transfers/${id}/approve`, branchId ? { branchId } : undefined),
      /** 批量审核通过: each approved or refused with its reason (at most 100). */
      approveMany: (ids: string[]) => api.post<BatchApproveResult>('/transfers/batch-approve', { ids } satisfies BatchApproveRequest),
      reject: (id: string, reason: string) => api.post<TransferHistoryItem>(`/transfers/${id}/reject`, { reason }),
      withdraw: (id: string) => api.post<TransferHistoryItem>(`/transfers/${id}/withdraw`),
      /** 发起转接 for up to 100 members at once: each created, or refused with its reason. */
      initiateMany: (body: BulkInitiateRequest) => api.post<BulkInitiateResult>('/transfers/bulk', body),
      /** 催办 for up to 100 pending transfers, each as its own. */
      remindMany: (ids: string[]) => api.post<BulkRemindResult>('/transfers/remind-many', { ids }),
      /** A returned transfer leaves the initiator's 首页 (issue 23). */
      closeReturn: (id: string) => api.post<TransferHistoryItem>(`/transfers/${id}/close-return`),
      /** The receiving-org directory: by name or place; with the type (and the member, when known) only what its route accepts. */
      targets: (q: string, type?: string, memberId?: string) => api.get<TransferTargetView[]>('/transfers/targets', { q, type, memberId }),
      /** The directory by place: one level of a place's org tree (its topmost orgs, or `parentId`'s children there). */
      targetsByPlace: (region: string, parentId?: string, type?: string, memberId?: string) =>
        api.get<TransferTargetNode[]>('/transfers/targets/by-place', { region, parentId, type, memberId }),
      /** 催办: at most once a day per transfer. */
      remind: (id: string) => api.post<TransferHistoryItem>(`/transfers/${id}/remind`),
      /** Reminded pending transfers this org (or, escalated, this committee) should answer. */
      reminders: () => api.get<ReminderInboxItem[]>('/transfers/reminders'),
    },
    metrics: {
      indicator: (indicator: Indicator, year: number, region?: string) => api.get<IndicatorView>(`/metrics/${indicator}`, { year, region }),
      trend: (indicator: Indicator, year: number, region?: string) => api.get<TrendView>('/metrics/trend', { indicator, year, region }),
      export: (year: number, region?: string): Promise<DownloadedFile> => api.download('/metrics/export', { year, region }, '衔接率.xlsx'),
      ranking: (indicator: Indicator, year: number, region: string | undefined, by: 'school' | 'county', limit = 10) =>
        api.get<RankingView>('/metrics/ranking', { indicator, year, region, by, limit }),
      /** The graduates behind a number (masked, paged). */
      graduates: (q: { indicator: Indicator; year?: number; region?: string; orgId?: string; completed?: boolean; part?: 'local' | 'incoming'; page?: number; pageSize?: number }) =>
        api.get<Page<MetricsGraduate>>('/metrics/graduates', q),
      /** The graduates list as .xlsx (every page; rates with numerator and denominator). */
      exportGraduates: (q: { indicator: Indicator; year?: number; region?: string; orgId?: string; completed?: boolean; part?: 'local' | 'incoming' }): Promise<DownloadedFile> =>
        api.download('/metrics/graduates/export', q, '毕业生名单.xlsx'),
      /** The ranking of lagging schools or counties as .xlsx. */
      exportRanking: (indicator: Indicator, year: number, region: string | undefined, by: 'school' | 'county', limit = 200): Promise<DownloadedFile> =>
        api.download('/metrics/ranking/export', { indicator, year, region, by, limit }, '滞后排名.xlsx'),
    },
    graduation: {
      markBranch: (orgId: string, body: BranchGraduationRequest) => api.put<BranchGraduationResult>(`/orgs/${orgId}/graduation`, body),
      markBranches: (body: BulkGraduationRequest) => api.put<BulkGraduationResult>('/orgs/graduation', body),
      overview: (orgId: string) => api.get<GraduationOverview>(`/orgs/${orgId}/graduation-overview`),
      markMember: (memberId: string, body: MemberGraduationRequest) => api.put<MemberDetail>(`/members/${memberId}/graduation`, body),
      /** 设置毕业去向 for many graduates: each set, or refused with its reason. */
      setDestinations: (body: BulkDestinationRequest) => api.put<BulkDestinationResult>('/members/graduation', body),
      /** 毕业信息更新导入: 毕业时间 and 毕业去向 of registered members by ID number (dry run, then all or nothing). */
      importUpdates: (body: GraduationImportRequest) => api.post<GraduationImportReport>('/members/graduation/import', body),
    },
    regions: {
      children: (parent: string) => api.get<Page<RegionView>>('/regions', { parent }),
      get: (code: string) => api.get<RegionView>(`/regions/${code}`),
    },
    /** 首页: the day's numbers, each from the route that owns it (defaults: the caller's region, the current cohort). */
    home: {
      indicator: (indicator: Indicator) => api.get<IndicatorView>(`/metrics/${indicator}`),
      /** Graduates of the caller's region whose transfer that counts is not completed (total only). */
      openGraduates: (indicator: Indicator) => api.get<Page<unknown>>('/metrics/graduates', { indicator, completed: false, pageSize: 1 }),
      /** One of the overdue lists (total only). */
      overdue: (list: string) => api.get<Page<unknown>>('/members/overdue', { list, pageSize: 1 }),
    },
    /** Issue 11: overdue lists, check-in, abroad reports, the separate systems, the season calendar. */
    followUp: {
      overdue: (q: { list: OverdueList; orgId?: string; page?: number; pageSize?: number }) => api.get<Page<OverdueRow>>('/members/overdue', q),
      exportOverdue: (list: OverdueList, orgId: string | undefined, fileName: string): Promise<DownloadedFile> => api.download('/members/overdue/export', { list, orgId }, fileName),
      checkIn: (memberId: string, date: string) => api.post<CheckInView>(`/members/${memberId}/check-in`, { date }),
      abroadReports: (memberId: string) => api.get<Page<AbroadReportView>>(`/members/${memberId}/abroad-reports`),
      addAbroadReport: (memberId: string, date: string, note: string) => api.post<AbroadReportView>(`/members/${memberId}/abroad-reports`, { date, note }),
      externalOutcome: (transferId: string, body: ExternalOutcomeRequest) => api.post<{ id: string }>(`/transfers/${transferId}/external-outcome`, body),
      arrival: (body: ArrivalRequest) => api.post<{ id: string; memberId: string }>('/transfers/arrivals', body),
      calendar: () => api.get<SeasonCalendarView>('/calendar'),
    },
    health: () => api.get<Health>('/health'),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
