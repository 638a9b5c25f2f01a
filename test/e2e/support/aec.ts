// Sends real AEC callbacks, the way the media server does: a form POST with `data=<JSON>`,
// every value a string, `ts` in seconds. Returns the reply the media server would act on.

export interface AecReply {
  status: string;
  data: unknown;
}

export class AecClient {
  constructor(private readonly callbackUrl: () => string) {}

  async send(action: string, fields: Record<string, string | number>): Promise<AecReply> {
    const payload: Record<string, string> = { ts: String(Math.floor(Date.now() / 1000)), action };
    for (const [key, value] of Object.entries(fields)) payload[key] = String(value);
    const response = await fetch(new URL('aec/eventCenter', this.callbackUrl()), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: JSON.stringify(payload) }).toString(),
    });
    if (response.status !== 200) throw new Error(`${action}: HTTP ${response.status}`);
    return (await response.json()) as AecReply;
  }

  createChannel(channelId: string, userId: string, extra: string, capacity = 100): Promise<AecReply> {
    return this.send('AEC_LIVE_CREATE_CHANNEL_GLOBAL_PUBLIC', {
      userId,
      roomId: `room${channelId}`.slice(0, 16),
      channelId,
      conCurrentNumber: capacity,
      extra,
    });
  }

  /** The creator asks to publish, then sends its first once-a-minute report: the channel is live. */
  async goLive(channelId: string, userId: string): Promise<void> {
    await expectAllowed(this.send('AEC_LIVE_APPLY_UPLOAD_CHANNEL', { userId, channelId }));
    await expectAllowed(this.uploading(channelId, userId));
  }

  uploading(channelId: string, userId: string): Promise<AecReply> {
    return this.send('AEC_LIVE_UPLOADER_UPLOADING', { userId, channelId });
  }

  online(channelId: string, userId: string): Promise<AecReply> {
    return this.send('AEC_LIVE_USER_ONLINE', { userId, channelId, time: Math.floor(Date.now() / 1000) });
  }

  playing(channelId: string, userId: string, discharge: number): Promise<AecReply> {
    return this.send('AEC_LIVE_USER_PLAYING', { userId, channelId, time: Math.floor(Date.now() / 1000), discharge });
  }
}

export async function expectAllowed(reply: Promise<AecReply>): Promise<AecReply> {
  const r = await reply;
  if (r.status !== '1') throw new Error(`expected "1", got ${JSON.stringify(r)}`);
  return r;
}
