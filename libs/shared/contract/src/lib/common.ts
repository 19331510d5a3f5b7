/** Lists: `?page=1&pageSize=20` → `{ items, total }` (API.md). */
export interface Page<T> {
  items: T[];
  total: number;
  /**
   * Set when `total` is the planner's estimate: past LIST_EXACT_COUNT_UP_TO (1,000) rows, or when the
   * planner expects ten times that, an exact count(*) over millions is not paid on every page
   * (docs/scaling.md); the console says “约”.
   */
  totalEstimated?: boolean;
}

export interface PageRequest {
  page?: number;
  pageSize?: number;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The error shape every API failure has (API.md): `code` is stable, `message` is Chinese. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messageEn?: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

export interface Health {
  status: 'ok' | 'error';
  db: 'up' | 'down';
}

/** `YYYY-MM-DD` (China Standard Time). */
export type DateOnly = string;
/** ISO-8601 instant with offset. */
export type IsoInstant = string;
