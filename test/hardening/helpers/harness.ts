// The real core in-process on 127.0.0.1, free ports, a throw-away data folder; callbacks and
// admin requests over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type StartExtras } from '../../../server/main/app';
import type { AppOptions, RunningApp } from '../../../server/main/app-options';

export interface Harness {
  app: RunningApp;
  dir: string;
  /** Base URL of the callback listener on 127.0.0.1. */
  callbackUrl: string;
  /** Admin request with the Bearer token (or the headers given). */
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Admin GET, JSON, asserting 200. */
  get<T>(path: string): Promise<T>;
  /** Admin request with a JSON body. */
  json(method: string, path: string, body: unknown): Promise<Response>;
  /** Sends one AEC payload as GET ?data=; returns the parsed reply (asserting HTTP 200). */
  call(payload: Record<string, unknown>): Promise<{ status: string; data: unknown }>;
  /** Stops the app; the folder is kept (see `removeDir`). */
  stop(): Promise<void>;
}

export function newDataDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `aec-hardening-${prefix}-`));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

export async function startHarness(dir: string, options: Partial<AppOptions> = {}, extras: StartExtras = {}): Promise<Harness> {
  const app = await startApp(
    { callbackHost: '127.0.0.1', callbackPort: 0, adminPort: 0, log: () => undefined, ...options, dataDir: dir },
    extras,
  );
  const callbackUrl = app.callbackUrl;
  const admin = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${app.adminToken}`);
    return fetch(new URL(path, app.adminUrl), { ...init, headers });
  };
  let stopped = false;
  return {
    app,
    dir,
    callbackUrl,
    admin,
    async get<T>(path: string): Promise<T> {
      const res = await admin(path);
      if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    json: (method, path, body) =>
      admin(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    async call(payload) {
      const url = new URL('aec', callbackUrl);
      url.searchParams.set('data', JSON.stringify(payload));
      const res = await fetch(url);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`callback answered HTTP ${res.status}: ${text}`);
      return JSON.parse(text) as { status: string; data: unknown };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
    },
  };
}
