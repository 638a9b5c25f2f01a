import type { Summary } from '../../contract';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Shown when the renderer has not been built (`npm run build`): the server still works. */
export function placeholderPage(summary: Summary): string {
  const lines = summary.aecurlLines.map((line) => `<li><code>${escape(line)}</code></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AEC Live Monitor</title></head>
<body><main><h1>AEC Live Monitor</h1>
<p>The server is running, but the dashboard has not been built. Run <code>npm run build</code> and reload.</p>
<p>Paste one of these lines into the media server's starrtc.conf:</p><ul>${lines}</ul>
<p>Channels: ${summary.channels.total}, live: ${summary.channels.live}, viewers: ${summary.viewers}.</p>
</main></body></html>`;
}
