// The tab's icon carries the health colour, so a background tab shows trouble at a glance.
import type { HealthLevel } from './healthSignal';

export const HEALTH_COLORS: Record<HealthLevel, string> = { ok: '#18a058', degraded: '#f0a020', down: '#d03050' };

export function setFavicon(level: HealthLevel): void {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<rect x="2" y="6" width="28" height="20" rx="4" fill="#334"/>` +
    `<circle cx="16" cy="16" r="6" fill="#fff"/>` +
    `<circle cx="25" cy="7" r="7" fill="${HEALTH_COLORS[level]}" stroke="#fff" stroke-width="2"/></svg>`;
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.appendChild(link);
  }
  link.href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
