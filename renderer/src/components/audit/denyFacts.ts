// What a denial meant, in both of its forms: our code with its meaning, and the name the
// client was shown (the media server's error index, chosen per action family; contract).
import { denyReasonOf, errorNameOf, familyOf, wireIndexFor, type AuditEntry } from '../../../../server/contract';
import { i18n, t } from '../../i18n';

export interface DenyFacts {
  code: number;
  meaning: string;
  wireIndex: number;
  clientSaw: string;
}

export function denyFacts(entry: Pick<AuditEntry, 'code' | 'action' | 'decision'>): DenyFacts | null {
  if (entry.decision !== 'deny' || entry.code === null) return null;
  const reason = denyReasonOf(entry.code);
  const key = `deny.${reason ?? 'unknown'}`;
  const meaning = reason && i18n.global.te(key) ? t(key) : t('deny.unknown');
  const wireIndex = wireIndexFor(entry.code, familyOf(entry.action));
  return { code: entry.code, meaning, wireIndex, clientSaw: errorNameOf(wireIndex) ?? String(wireIndex) };
}
