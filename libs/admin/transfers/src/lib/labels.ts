import type { MemberListItem, TransferTargetView } from '@zhtj/shared/contract';

/** 名称（地区 · 上级组织） — the bracket left out when neither is known (filled in from a returned transfer). */
export function targetLabel(o: TransferTargetView): string {
  const where = [o.regionName ?? o.regionCode, o.parentName].filter((x) => x).join(' · ');
  return where ? `${o.name}（${where}）` : o.name;
}

/** 姓名（身份证号）· 组织 — parts left out when not known. */
export function memberLabel(m: Pick<MemberListItem, 'name' | 'idCardNumber' | 'orgName'>): string {
  return `${m.name}${m.idCardNumber ? `（${m.idCardNumber}）` : ''}${m.orgName ? ` · ${m.orgName}` : ''}`;
}

/** Beijing (11), Guangdong (44), Fujian (35): their own systems (Q17). */
export const EXTERNAL_PROVINCES = [
  { code: '11', name: '北京市' },
  { code: '44', name: '广东省' },
  { code: '35', name: '福建省' },
] as const;
