import { createApiClient } from '../api-client';
import type { ApiClientOptions } from '../api-client';

/** What a request needs of the session: the token to send, and what a 401 of an authenticated request ends. */
export type ApiSession = Pick<ApiClientOptions, 'getToken' | 'onUnauthorized'>;

let session: ApiSession = { getToken: () => null };

/**
 * The auth store binds the client to its session when it is created — before any page, as the
 * router's guard creates it first; until then a request goes without a token.
 */
export function bindApiSession(s: ApiSession): void {
  session = s;
}

/**
 * The console's one API client. Only the modules of `api/` use it: a component or store calls
 * their typed functions (one module per context), never the client or `fetch`.
 */
export const http = createApiClient({
  getToken: () => session.getToken(),
  onUnauthorized: () => session.onUnauthorized?.(),
});
