import type { DateOnly } from './common';

export type Indicator = 'sx' | 'xs';

/**
 * `GET /api/metrics/sx|xs` (API.md, DOMAIN.md §6). `value` is null ("no data") when the
 * denominator is 0. SX parts are {A, B, C}; XS parts are {D, E, F}.
 */
export interface IndicatorView {
  region: string;
  regionName: string;
  year: number;
  indicator: Indicator;
  value: number | null;
  numerator: number;
  denominator: number;
  parts: { A: number; B: number; C: number } | { D: number; E: number; F: number };
  children: Omit<IndicatorView, 'children'>[];
}

/** `GET /api/metrics/trend`: the indicator as things stood at the end of each day. */
export interface TrendView {
  region: string;
  year: number;
  indicator: Indicator;
  points: { date: DateOnly; value: number | null; numerator: number; denominator: number }[];
}
