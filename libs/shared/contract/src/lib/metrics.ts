import type { DateOnly } from './common';

export type Indicator = 'sx' | 'xs' | 'dw';

/**
 * `GET /api/metrics/sx|xs|dw` (API.md, DOMAIN.md §6). `value` is null ("no data") when the
 * denominator is 0. SX parts are {A, B, C}; XS parts are {D, E, F}; DW parts are {W, E, F}.
 */
export interface IndicatorView {
  region: string;
  regionName: string;
  year: number;
  indicator: Indicator;
  value: number | null;
  numerator: number;
  denominator: number;
  parts: { A: number; B: number; C: number } | { D: number; E: number; F: number } | { W: number; E: number; F: number };
  /** Graduates whose transfer that counts is still pending. */
  pending: number;
  children: Omit<IndicatorView, 'children'>[];
}

/** `GET /api/metrics/trend`: the indicator as things stood at the end of each day. */
export interface TrendView {
  region: string;
  year: number;
  indicator: Indicator;
  points: { date: DateOnly; value: number | null; numerator: number; denominator: number }[];
}

/** `GET /api/metrics/ranking`: lagging schools or counties, lowest completion first. */
export interface RankingItem {
  /** Org id (by school) or region code (by county). */
  id: string;
  name: string;
  regionCode: string;
  value: number | null;
  numerator: number;
  denominator: number;
  pending: number;
  /** Denominator minus numerator: graduates not done yet. */
  notDone: number;
}
export interface RankingView {
  region: string;
  year: number;
  indicator: Indicator;
  by: 'school' | 'county';
  items: RankingItem[];
}

/** `GET /api/metrics/graduates`: the graduates behind a number (masked). */
export interface MetricsGraduate {
  memberId: string;
  name: string;
  idCardNumber: string;
  schoolOrgId: string | null;
  schoolName: string | null;
  orgName: string | null;
  /** What tells the member's org apart from the same-named (domain `orgContext`, issue 23 item 6); empty when the org is gone. */
  orgContext: string[];
  graduationDate: DateOnly;
  destination: string | null;
  indicator: 'sx' | 'xs';
  part: 'local' | 'incoming';
  status: 'none' | 'pending' | 'approved';
  /** The transfer that counts (pending or approved), for 催办 from the list; null when none. */
  transferId: string | null;
  completed: boolean;
  toWorkUnit: boolean;
  targetRegion: string | null;
}
