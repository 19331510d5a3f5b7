import type { OverdueList } from '@zhtj/domain';
import type {
  AbroadReportView,
  CheckInView,
  CreateMemberRequest,
  MemberDetail,
  MemberFilter,
  MemberListRequest,
  MemberPage,
  OverdueRow,
  Page,
  TransferHistoryItem,
  UpdateMemberRequest,
} from '@zhtj/shared/contract';
import type { DownloadedFile } from '../api-client';
import { http } from './http';

/** The register of members (API.md: members), their overdue lists, check-ins and reports from abroad. */
export const membersApi = {
  list: (req: MemberListRequest) => http.get<MemberPage>('/members', req),
  get: (id: string) => http.get<MemberDetail>(`/members/${id}`),
  create: (body: CreateMemberRequest) => http.post<MemberDetail>('/members', body),
  update: (id: string, body: UpdateMemberRequest) => http.patch<MemberDetail>(`/members/${id}`, body),
  export: (filter: MemberFilter): Promise<DownloadedFile> => http.download('/members/export', filter, '团员名单.xlsx'),
  /** A member's transfer history (Q21). */
  transfers: (id: string) => http.get<Page<TransferHistoryItem>>(`/members/${id}/transfers`),
  /** 超期名单 (§3, §5): one list, paged, in scope. */
  overdue: (q: { list: OverdueList; orgId?: string; page?: number; pageSize?: number }) =>
    http.get<Page<OverdueRow>>('/members/overdue', q),
  exportOverdue: (list: OverdueList, orgId: string | undefined, fileName: string): Promise<DownloadedFile> =>
    http.download('/members/overdue/export', { list, orgId }, fileName),
  /** Q10: the offline check-in after a transfer. */
  checkIn: (memberId: string, date: string) => http.post<CheckInView>(`/members/${memberId}/check-in`, { date }),
  /** §2.5: the periodic reports of a member studying abroad. */
  abroadReports: (memberId: string) => http.get<Page<AbroadReportView>>(`/members/${memberId}/abroad-reports`),
  addAbroadReport: (memberId: string, date: string, note: string) =>
    http.post<AbroadReportView>(`/members/${memberId}/abroad-reports`, { date, note }),
};
