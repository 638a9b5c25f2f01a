/**
 * Stops a pulled channel at once through liveProxyServer's HTTP port: the media server has no
 * other push lever. A failure is reported, never fatal.
 */
export async function callLiveProxy(
  baseUrl: string | null,
  verb: 'close' | 'delete',
  channelId: string,
  timeoutMs = 3000,
): Promise<{ ok: boolean; message: string } | undefined> {
  if (!baseUrl) return undefined;
  // Relative to the configured address, so a path in it (a reverse proxy's prefix) is kept.
  const url = new URL(verb, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('channelId', channelId);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = (await response.text()).slice(0, 200);
    return response.ok
      ? { ok: true, message: `liveProxyServer ${verb} of ${channelId}: HTTP ${response.status} ${text}`.trim() }
      : { ok: false, message: `liveProxyServer refused ${verb} of ${channelId}: HTTP ${response.status} ${text}`.trim() };
  } catch (error) {
    return { ok: false, message: `liveProxyServer at ${baseUrl} unreachable for ${verb} of ${channelId}: ${(error as Error).message}` };
  }
}
