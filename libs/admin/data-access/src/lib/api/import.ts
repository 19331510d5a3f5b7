import type { GraduationImportReport, GraduationImportRequest, ImportReport, MemberImportRequest } from '@zhtj/shared/contract';
import { http } from './http';

/** 批量导入: every row checked (a dry run) before all are written or none. */
export const importApi = {
  /** New members into one branch. */
  members: (body: MemberImportRequest) => http.post<ImportReport>('/members/import', body),
  /** 毕业信息更新导入: 毕业时间 and 毕业去向 of registered members by ID number. */
  graduationUpdates: (body: GraduationImportRequest) => http.post<GraduationImportReport>('/members/graduation/import', body),
};
