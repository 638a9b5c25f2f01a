// The real core in-process on 127.0.0.1, free ports, a throw-away data folder (unless one is
// given); callbacks over the 2.9.6 wire and admin requests over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type StartExtras } from '../../server/main/app';
import type { AppOptions, RunningApp } from '../../server/main/app-options';
import { sendCallback, type WireForm, type WireReply } from './aec-client';

export interface Harness {
  app: RunningApp;
  dir: string;
  /** Base URL of the callback listener, e.g. http://127.0.0.1:40137/ */
  callbackUrl: string;
  /** Sends one AEC payload (2.9.6 form by default) and returns the reply, read as the media server reads it. */
  call(payload: Record<string, unknown>, form?: WireForm): Promise<WireReply>;
  /** Admin request with the Bearer token (or the headers given). */
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Admin GET, JSON, asserting 200. */
  get<T>(path: string): Promise<T>;
  /** Admin POST with a JSON body. */
  post(path: string, body?: unknown): Promise<Response>;
  /** Admin request with a JSON body. */
  json(method: string, path: string, body: unknown): Promise<Response>;
  /** Stops the app; a folder the harness made is removed, a given one kept. */
  stop(): Promise<void>;
}

export function tempDataDir(prefix = 'aec-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

export async function startHarness(options: Partial<AppOptions> = {}, extras: StartExtras = {}): Promise<Harness> {
  const dir = options.dataDir ?? (await tempDataDir());
  const app = await startApp({ callbackHost: '127.0.0.1', callbackPort: 0, adminPort: 0, log: () => undefined, ...options, dataDir: dir }, extras);
  const admin = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${app.adminToken}`);
    return fetch(new URL(path, app.adminUrl), { ...init, headers });
  };
  const json = (method: string, path: string, body: unknown): Promise<Response> =>
    admin(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? '{}' : JSON.stringify(body) });
  let stopped = false;
  return {
    app,
    dir,
    callbackUrl: app.callbackUrl,
    call: (payload, form = 'starrtc') => sendCallback(app.callbackUrl, payload, form),
    admin,
    async get<T>(path: string): Promise<T> {
      const res = await admin(path);
      if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    post: (path, body) => json('POST', path, body),
    json,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      if (options.dataDir === undefined) await removeDir(dir);
    },
  };
}
