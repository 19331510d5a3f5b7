import type { CreateOrgRequest, OrgListFilter, OrgView, Page, RegionView, UpdateOrgRequest } from '@zhtj/shared/contract';
import { http } from './http';

/** The org tree in the caller's scope (API.md: orgs). */
export const orgsApi = {
  get: (id: string) => http.get<OrgView>(`/orgs/${id}`),
  children: (id: string, page = 1, pageSize = 200) => http.get<Page<OrgView>>(`/orgs/${id}/children`, { page, pageSize }),
  list: (filter: OrgListFilter) => http.get<Page<OrgView>>('/orgs', filter),
  create: (body: CreateOrgRequest) => http.post<OrgView>('/orgs', body),
  update: (id: string, body: UpdateOrgRequest) => http.patch<OrgView>(`/orgs/${id}`, body),
  remove: (id: string) => http.del(`/orgs/${id}`),
};

/** Administrative regions (GB/T 2260), a level at a time. */
export const regionsApi = {
  children: (parent: string) => http.get<Page<RegionView>>('/regions', { parent }),
  get: (code: string) => http.get<RegionView>(`/regions/${code}`),
};
