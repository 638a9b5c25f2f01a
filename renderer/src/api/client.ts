// Same-origin calls to the admin API. The HttpOnly cookie set by `/?token=` (or /api/login)
// authenticates them, so the page never holds the token. Every failure becomes an ApiFailure
// that names what the operator should understand: signed out, server gone, conflict, ...

import type { ApiError } from '../../../server/contract';

export type FailureKind = 'unauthorized' | 'network' | 'conflict' | 'not_found' | 'bad_request' | 'server';

export class ApiFailure extends Error {
  readonly kind: FailureKind;
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
    this.kind = kindOf(status);
  }
}

function kindOf(status: number): FailureKind {
  if (status === 0) return 'network';
  if (status === 401) return 'unauthorized';
  if (status === 409) return 'conflict';
  if (status === 404) return 'not_found';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'server';
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever the server answers 401: the token rotated or the cookie is gone. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && typeof (body as ApiError).error === 'string';
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  } else if (method !== 'GET') {
    // The server wants JSON on every state-changing request (a CSRF guard); send an empty object.
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = '{}';
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    // Worded by describeFailure in the operator's language.
    throw new ApiFailure('network', 0, 'network');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (response.status === 401) unauthorizedListeners.forEach((l) => l());
    const message = isApiError(parsed) ? parsed.error : `${response.status} ${response.statusText}`;
    const code = isApiError(parsed) ? parsed.code : String(response.status);
    throw new ApiFailure(message, response.status, code);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds `path?k=v` from the defined values only. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function channelPath(id: string, rest = ''): string {
  return `/api/channels/${encodeURIComponent(id)}${rest}`;
}
