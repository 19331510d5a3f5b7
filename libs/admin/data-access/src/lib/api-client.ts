/** The error shape every API failure has (API.md). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messageEn?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
  get code(): string {
    return this.body.code;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface ApiClientOptions {
  baseUrl?: string;
  getToken: () => string | null;
  /** Called on 401 for an authenticated request (expired or revoked token). */
  onUnauthorized?: () => void;
}

/** A small typed fetch wrapper: JSON in and out, bearer token, API errors as `ApiError`. */
export function createApiClient(opts: ApiClientOptions) {
  const base = opts.baseUrl ?? '/api';

  async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const url = new URL(base + path, window.location.origin);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    const token = opts.getToken();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, { statusCode: 0, code: 'NETWORK', message: '无法连接服务器，请检查网络', messageEn: 'Cannot reach the server' });
    }
    if (res.status === 401 && token) opts.onUnauthorized?.();
    if (res.status === 204) return undefined as T;
    const data: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (data ?? {}) as Partial<ApiErrorBody>;
      throw new ApiError(res.status, {
        statusCode: res.status,
        code: err.code ?? 'HTTP_' + res.status,
        message: err.message ?? `请求失败（${res.status}）`,
        messageEn: err.messageEn,
        errors: err.errors,
      });
    }
    return data as T;
  }

  return {
    get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    del: <T = void>(path: string) => request<T>('DELETE', path),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
