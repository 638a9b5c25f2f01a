// Carries out what an operator command asks beyond the state: today, stopping a pulled channel
// at liveProxyServer. Each outcome is recorded in the audit log; a failure is shown, never fatal.

import { operatorAuditAction } from '../contract';
import type { OperatorEffect } from '../domain';
import { operatorEntry, type AuditSink } from './audit-entry';

export interface EffectResult {
  ok: boolean;
  message: string;
}

export interface EffectDeps {
  liveProxy: (verb: 'close' | 'delete', channelId: string) => Promise<EffectResult | undefined>;
  audit: AuditSink;
  now: () => number;
}

/** Runs the effects in order; an effect that had nothing to do (no address set) gives no result. */
export async function runOperatorEffects(effects: readonly OperatorEffect[], deps: EffectDeps): Promise<EffectResult[]> {
  const results: EffectResult[] = [];
  for (const effect of effects) {
    const result = await deps.liveProxy(effect.verb, effect.channelId);
    if (!result) continue;
    deps.audit.record(
      operatorEntry({
        at: deps.now(),
        action: operatorAuditAction(`liveproxy:${effect.verb}`),
        channelId: effect.channelId,
        ok: result.ok,
        reason: result.message,
      }),
    );
    results.push(result);
  }
  return results;
}
