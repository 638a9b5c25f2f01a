// Starts the real core in-process on free ports and talks to both listeners over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../../server/main/app';
import type { AppOptions, RunningApp } from '../../../server/main/app-options';
import type { WireForm, WireReply } from './wire';
import { sendCallback } from './wire';

export interface TestApp {
  app: RunningApp;
  /** Base URL of the callback listener, e.g. http://127.0.0.1:40137/ */
  callbackUrl: string;
  /** Sends one AEC payload and returns the parsed protocol reply (asserting HTTP 200). */
  call(payload: Record<string, unknown>, form?: WireForm): Promise<WireReply>;
  /** Admin request with the Bearer token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Admin GET returning parsed JSON (asserting 200). */
  get<T>(path: string): Promise<T>;
  /** Admin POST with a JSON body, returning the response. */
  post(path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'aec-api-'));
}

export async function startTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const app = await startApp({
    callbackHost: '127.0.0.1',
    callbackPort: 0,
    adminPort: 0,
    log: () => {},
    ...options,
    dataDir,
  });
  const callbackUrl = app.callbackUrl;
  const admin = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${app.adminToken}`);
    return fetch(new URL(path, app.adminUrl), { ...init, headers });
  };
  return {
    app,
    callbackUrl,
    call: (payload, form = 'get') => sendCallback(callbackUrl, payload, form),
    admin,
    async get<T>(path: string): Promise<T> {
      const res = await admin(path);
      if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    post: (path, body) =>
      admin(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? '{}' : JSON.stringify(body),
      }),
    async stop() {
      await app.stop();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
