import type {
  BranchGraduationRequest,
  BranchGraduationResult,
  BulkDestinationRequest,
  BulkDestinationResult,
  BulkGraduationRequest,
  BulkGraduationResult,
  GraduationOverview,
  MemberDetail,
  MemberGraduationRequest,
} from '@zhtj/shared/contract';
import { http } from './http';

/** Graduation marking (§4, Q11, Q22–Q25) and 毕业去向. */
export const graduationApi = {
  markBranch: (orgId: string, body: BranchGraduationRequest) => http.put<BranchGraduationResult>(`/orgs/${orgId}/graduation`, body),
  markBranches: (body: BulkGraduationRequest) => http.put<BulkGraduationResult>('/orgs/graduation', body),
  overview: (orgId: string) => http.get<GraduationOverview>(`/orgs/${orgId}/graduation-overview`),
  markMember: (memberId: string, body: MemberGraduationRequest) => http.put<MemberDetail>(`/members/${memberId}/graduation`, body),
  /** 设置毕业去向 for many graduates: each set, or refused with its reason. */
  setDestinations: (body: BulkDestinationRequest) => http.put<BulkDestinationResult>('/members/graduation', body),
};
