import type { TransferType } from '@zhtj/domain';
import type { MemberListItem, TransferHistoryItem, TransferTargetView } from '@zhtj/shared/contract';
import { orgWithContext, t } from '@zhtj/admin/data-access';

/**
 * 名称（地区 · 学校/乡镇/上级组织） — what tells it from the same-named (its context, else its
 * parent); the bracket left out when nothing is known (filled in from a returned transfer).
 */
export function targetLabel(o: TransferTargetView): string {
  const within = o.context?.length ? o.context.join(' / ') : o.parentName;
  const where = [o.placeName ?? o.regionName ?? o.regionCode, within].filter((x) => x).join(' · ');
  return where ? `${o.name}（${where}）` : o.name;
}

/** 姓名（身份证号）· 组织（学校） — parts left out when not known. */
export function memberLabel(m: Pick<MemberListItem, 'name' | 'idCardNumber' | 'orgName' | 'orgContext'>): string {
  return `${m.name}${m.idCardNumber ? `（${m.idCardNumber}）` : ''}${m.orgName ? ` · ${orgWithContext(m.orgName, m.orgContext)}` : ''}`;
}

/** Beijing (11), Guangdong (44), Fujian (35): their own systems (Q17); `short` where the three stand side by side. */
export const EXTERNAL_PROVINCES = [
  { code: '11', name: '北京市', short: '北京' },
  { code: '44', name: '广东省', short: '广东' },
  { code: '35', name: '福建省', short: '福建' },
] as const;

/** What decides a transfer the member (or the outgoing side) asks for: the parts of the form that tell. */
export interface DeciderFacts {
  type: TransferType | '';
  external: boolean;
  /** The chosen receiving org is a committee (it assigns a branch on approval). */
  committee: boolean;
  orgName?: string | null;
}

/**
 * Who decides a request sent by the member or the member's own side (DOMAIN.md §5): the receiving
 * org or an org above it; a committee target assigns the branch; 参军/涉密 the provincial committee
 * (§2.3); 出国（境）留学 the school committee (§2.5); Beijing, Guangdong and Fujian their own
 * systems, the outcome recorded by the outgoing side (Q17). Never the outgoing side.
 */
export function decidesText(f: DeciderFacts): string {
  if (f.type === 'special_unit') return t('decidesProvincial');
  if (f.type === 'abroad_study') return t('decidesSchool');
  if (f.external) return t('decidesExternal');
  if (f.committee) return t('decidesCommittee');
  return f.orgName ? t('decidesReceivingOrg', { org: f.orgName }) : t('decidesReceiving');
}

/** Who a pending transfer waits for, as its `decidingSide` says (§5: a pull waits for the member's own side); the org itself is named beside it. */
export function awaitingText(tr: Pick<TransferHistoryItem, 'type' | 'decidingSide'>): string {
  if (tr.decidingSide === 'external') return t('awaitingExternal');
  if (tr.decidingSide === 'outgoing') return t('awaitingOutgoing');
  if (tr.type === 'special_unit') return t('awaitingProvincial');
  if (tr.type === 'abroad_study') return t('awaitingSchool');
  return t('awaitingReceiving');
}
