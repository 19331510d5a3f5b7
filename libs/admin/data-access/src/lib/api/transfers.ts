import type {
  ArrivalRequest,
  BatchApproveRequest,
  BatchApproveResult,
  BulkInitiateRequest,
  BulkInitiateResult,
  BulkRemindResult,
  CreateTransferRequest,
  ExternalOutcomeRequest,
  Page,
  ReminderInboxItem,
  TransferBox,
  TransferDetail,
  TransferHistoryItem,
  TransferTargetNode,
  TransferTargetView,
} from '@zhtj/shared/contract';
import { http } from './http';

export interface TransferListQuery {
  status?: string;
  type?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** Transfers (§3, §5): the boxes, decisions, reminders, the receiving-org directory, arrivals from separate systems. */
export const transfersApi = {
  list: (box: TransferBox, query: TransferListQuery = {}) => http.get<Page<TransferHistoryItem>>('/transfers', { box, ...query }),
  get: (id: string) => http.get<TransferDetail>(`/transfers/${id}`),
  create: (body: CreateTransferRequest) => http.post<TransferHistoryItem>('/transfers', body),
  /** §5: `branchId` assigns a branch under a committee target (required then). */
  approve: (id: string, branchId?: string) =>
    http.post<TransferHistoryItem>(`/transfers/${id}/approve`, branchId ? { branchId } : undefined),
  /** 批量审核通过: each approved or refused with its reason (at most 100). */
  approveMany: (ids: string[]) => http.post<BatchApproveResult>('/transfers/batch-approve', { ids } satisfies BatchApproveRequest),
  reject: (id: string, reason: string) => http.post<TransferHistoryItem>(`/transfers/${id}/reject`, { reason }),
  withdraw: (id: string) => http.post<TransferHistoryItem>(`/transfers/${id}/withdraw`),
  /** 发起转接 for up to 100 members at once: each created, or refused with its reason. */
  initiateMany: (body: BulkInitiateRequest) => http.post<BulkInitiateResult>('/transfers/bulk', body),
  /** 催办: at most once a day per transfer. */
  remind: (id: string) => http.post<TransferHistoryItem>(`/transfers/${id}/remind`),
  /** 催办 for up to 100 pending transfers, each as its own. */
  remindMany: (ids: string[]) => http.post<BulkRemindResult>('/transfers/remind-many', { ids }),
  /** Reminded pending transfers this org (or, escalated, this committee) should answer. */
  reminders: () => http.get<ReminderInboxItem[]>('/transfers/reminders'),
  /** A returned transfer leaves the initiator's 首页 (issue 23). */
  closeReturn: (id: string) => http.post<TransferHistoryItem>(`/transfers/${id}/close-return`),
  /** The receiving-org directory: by name or place; with the type (and the member, when known) only what its route accepts. */
  targets: (q: string, type?: string, memberId?: string) => http.get<TransferTargetView[]>('/transfers/targets', { q, type, memberId }),
  /** The directory by place: one level of a place's org tree (its topmost orgs, or `parentId`'s children there). */
  targetsByPlace: (region: string, parentId?: string, type?: string, memberId?: string) =>
    http.get<TransferTargetNode[]>('/transfers/targets/by-place', { region, parentId, type, memberId }),
  /** Q17: the outcome a separate system (Beijing, Guangdong, Fujian) gave, recorded by the outgoing side. */
  externalOutcome: (transferId: string, body: ExternalOutcomeRequest) =>
    http.post<{ id: string }>(`/transfers/${transferId}/external-outcome`, body),
  /** Q17: a member arriving from a separate system, recorded by the receiving org. */
  arrival: (body: ArrivalRequest) => http.post<{ id: string; memberId: string }>('/transfers/arrivals', body),
};
