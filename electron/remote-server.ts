// Following a headless AEC Live Monitor on the LAN: its summary, polled with the admin token,
// feeds the tray; its live stream (GET /api/stream) brings the notices the desktop turns into
// notifications. Plain Node (fetch and the eventsource package), no Electron.

import { EventSource } from 'eventsource';
import { NOTICE_KINDS, type Notice, type SettingsResponse, type Summary } from '../server/contract';
import type { NotificationSwitches } from '../server/alerts/notice-gate';
import type { SavedServer } from './server-list';

const ANSWER_TIMEOUT_MS = 5_000;
const ALL_ON: NotificationSwitches = { mediaServerSilent: true, channelLive: true, channelStale: true, storeError: true, upstreamDown: true };

type Reading<T> = { ok: true; value: T } | { ok: false; error: string };

/** GET a JSON path of the server with its token; a failure is a sentence for the operator. */
async function getJson<T>(server: SavedServer, path: string): Promise<Reading<T>> {
  let response: Response;
  try {
    response = await fetch(new URL(path, server.url), {
      headers: { Authorization: `Bearer ${server.token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, error: `Cannot reach ${server.name} (${code}). Is AEC Live Monitor running there with --admin-host 0.0.0.0, and does its firewall let this computer in?` };
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status === 401) return { ok: false, error: `${server.name} refused the admin token.` };
  if (!response.ok) {
    const said = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : text.slice(0, 200);
    return { ok: false, error: `${server.name} answered HTTP ${response.status}: ${said}` };
  }
  if (body === undefined) return { ok: false, error: `${server.name} is not an AEC Live Monitor dashboard (its answer is not JSON).` };
  return { ok: true, value: body as T };
}

function isSummary(value: unknown): value is Summary {
  return typeof value === 'object' && value !== null && typeof (value as Summary).version === 'string' && typeof (value as Summary).channels === 'object';
}

function readNotice(data: string): Notice | null {
  try {
    const value: unknown = JSON.parse(data);
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    return (NOTICE_KINDS as readonly unknown[]).includes(kind) ? (value as Notice) : null;
  } catch {
    return null;
  }
}

/** Checks address and token before the server is saved: its summary, or why not. */
export async function probeServer(server: SavedServer): Promise<Reading<Summary>> {
  const read = await getJson<unknown>(server, '/api/summary');
  if (!read.ok) return read;
  if (!isSummary(read.value)) return { ok: false, error: `${server.name} is not an AEC Live Monitor dashboard.` };
  return { ok: true, value: read.value };
}

export class RemoteServer {
  private latest: Summary | null = null;
  private trouble: string | null = null;
  private stream: EventSource | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(notice: Notice) => void>();

  constructor(readonly server: SavedServer, private readonly pollMs = 3_000) {}

  start(): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.openStream();
  }

  stop(): void {
    clearInterval(this.timer);
    this.stream?.close();
    this.listeners.clear();
  }

  /** The last summary read, kept while the server cannot be reached. */
  summary(): Summary | null {
    return this.latest;
  }

  /** Why the last poll failed; null while all is well. */
  problem(): string | null {
    return this.trouble;
  }

  onNotice(listener: (notice: Notice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The notifications the operator switched on in that server's settings (all when unknown). */
  async notificationSwitches(): Promise<NotificationSwitches> {
    const read = await getJson<SettingsResponse>(this.server, '/api/settings');
    return read.ok ? { ...ALL_ON, ...read.value.settings.notifications } : ALL_ON;
  }

  private async poll(): Promise<void> {
    const read = await probeServer(this.server);
    if (read.ok) {
      this.latest = read.value;
      this.trouble = null;
      // A stream given up (the server was down or restarted long enough) is opened again.
      if (this.stream?.readyState === EventSource.CLOSED) this.openStream();
    } else {
      this.trouble = read.error;
    }
  }

  /** Only the notices are wanted: no topics, so no rows are sent. */
  private openStream(): void {
    this.stream?.close();
    const token = this.server.token;
    const stream = new EventSource(new URL('/api/stream?topics=', this.server.url), {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } }),
    });
    stream.addEventListener('notice', (event) => {
      const notice = readNotice(event.data);
      if (notice === null) return; // not one we can read (a newer server?): the stream goes on
      for (const listener of this.listeners) listener(notice);
    });
    this.stream = stream;
  }
}
