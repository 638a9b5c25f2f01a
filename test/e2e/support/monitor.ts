// Runs the real headless server (`server/cli.ts serve`) as a child process on a data folder,
// and reads the listener URLs it prints at start-up.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export interface MonitorOptions {
  dataDir: string;
  adminToken: string;
  /** 0 = any free port; give the old one to restart "in place" for the page. */
  adminPort?: number;
  callbackPort?: number;
}

export interface Monitor {
  callbackUrl: string;
  adminUrl: string;
  dashboardUrl: string;
  adminPort: number;
  callbackPort: number;
  output: () => string;
  stop: () => Promise<void>;
}

const root = process.cwd();

export async function startMonitor(options: MonitorOptions): Promise<Monitor> {
  const child = spawn(
    join(root, 'node_modules/.bin/tsx'),
    [
      'server/cli.ts',
      'serve',
      '--data-dir',
      options.dataDir,
      '--callback-host',
      '127.0.0.1',
      '--callback-port',
      String(options.callbackPort ?? 0),
      '--admin-port',
      String(options.adminPort ?? 0),
      '--admin-token',
      options.adminToken,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  let urls: Awaited<ReturnType<typeof waitForUrls>>;
  try {
    urls = await waitForUrls(child, () => output);
    await waitHealthy(urls.callbackUrl);
  } catch (error) {
    // Never leave a half-started server behind.
    await stopChild(child);
    throw error;
  }
  return {
    ...urls,
    adminPort: Number(new URL(urls.adminUrl).port),
    callbackPort: Number(new URL(urls.callbackUrl).port),
    output: () => output,
    stop: () => stopChild(child),
  };
}

async function waitForUrls(child: ChildProcess, output: () => string): Promise<{ callbackUrl: string; adminUrl: string; dashboardUrl: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const text = output();
    const callback = /AEC callback listener\s+(http:\/\/\S+)/.exec(text)?.[1];
    const dashboard = /Dashboard\s+(http:\/\/\S+\?token=\S+)/.exec(text)?.[1];
    if (callback && dashboard) {
      const admin = new URL(dashboard);
      return { callbackUrl: callback.endsWith('/') ? callback : `${callback}/`, adminUrl: admin.origin, dashboardUrl: dashboard };
    }
    if (child.exitCode !== null) throw new Error(`monitor exited with ${child.exitCode}:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`monitor printed no listener URLs within 60 s:\n${output()}`);
}

async function waitHealthy(callbackUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(new URL('/healthz', callbackUrl));
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error); // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`monitor never answered /healthz with 200 (last: ${last})`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
