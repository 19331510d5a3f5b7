import type { ApiErrorBody } from '@zhtj/shared/contract';

export type { ApiErrorBody };

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

export type QueryValue = string | number | boolean | undefined | null;
export type Query = Record<string, QueryValue>;

export interface ApiClientOptions {
  baseUrl?: string;
  getToken: () => string | null;
  /** Called on 401 for an authenticated request (expired or revoked token). */
  onUnauthorized?: () => void;
}

/** A file the API sent (e.g. an .xlsx export) and the name it suggested. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** A small typed fetch wrapper: JSON in and out, bearer token, API errors as `ApiError`. */
export function createApiClient(opts: ApiClientOptions) {
  const base = opts.baseUrl ?? '/api';

  async function send(method: string, path: string, body?: unknown, query?: object, accept = 'application/json'): Promise<Response> {
    const url = new URL(base + path, window.location.origin);
    for (const [k, v] of Object.entries(query ?? {}) as [string, QueryValue][]) {
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    }
    const token = opts.getToken();
    const headers: Record<string, string> = { Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, {
        statusCode: 0,
        code: 'NETWORK',
        message: '无法连接服务器，请检查网络',
        messageEn: 'Cannot reach the server',
      });
    }
    if (res.status === 401 && token) opts.onUnauthorized?.();
    if (!res.ok) {
      const err = ((await res.json().catch(() => null)) ?? {}) as Partial<ApiErrorBody>;
      throw new ApiError(res.status, {
        statusCode: res.status,
        code: err.code ?? 'HTTP_' + res.status,
        message: err.message ?? `请求失败（${res.status}）`,
        messageEn: err.messageEn,
        errors: err.errors,
        details: err.details,
      });
    }
    return res;
  }

  async function request<T>(method: string, path: string, body?: unknown, query?: object): Promise<T> {
    const res = await send(method, path, body, query);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  return {
    get: <T>(path: string, query?: object) => request<T>('GET', path, undefined, query),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    del: <T = void>(path: string) => request<T>('DELETE', path),
    /** GET a file (with the bearer token, which a plain link cannot send). */
    async download(path: string, query: object | undefined, fallbackName: string): Promise<DownloadedFile> {
      const res = await send('GET', path, undefined, query, '*/*');
      return { blob: await res.blob(), filename: filenameOf(res.headers.get('Content-Disposition'), fallbackName) };
    },
  };
}

/** Hands a downloaded file to the browser as a download. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
