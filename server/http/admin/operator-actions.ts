import type Koa from 'koa';
import { operatorAuditAction } from '../../contract';
import { operatorEntry } from '../../core/audit-entry';
import { runOperatorEffects, type EffectResult } from '../../core/operator-effects';
import type { OperatorCommand } from '../../domain';
import type { AdminServices } from './services';
import { apiError } from './guard';

const STATUS = { not_found: 404, conflict: 409, bad_request: 400 } as const;

/**
 * Runs an operator command, records it in the audit log, carries out its effects, answers
 * errors. Undefined = already answered with the error.
 */
export async function runCommand(
  ctx: Koa.Context,
  services: AdminServices,
  command: OperatorCommand,
): Promise<{ message: string; effects: EffectResult[] } | undefined> {
  const started = performance.now();
  const outcome = await services.monitor.command(command, services.now());
  services.audit.record(
    operatorEntry({
      at: services.now(),
      action: operatorAuditAction(command.kind),
      channelId: 'channelId' in command ? command.channelId : 'roomId' in command ? command.roomId : null,
      userId: 'userId' in command ? command.userId : null,
      ok: outcome.ok,
      reason: outcome.message,
      latencyMs: performance.now() - started,
      request: command,
    }),
  );
  if (!outcome.ok) {
    apiError(ctx, STATUS[outcome.failure], outcome.failure, outcome.message);
    return undefined;
  }
  const effects = await runOperatorEffects(outcome.effects, { liveProxy: services.liveProxy, audit: services.audit, now: services.now });
  return { message: outcome.message, effects };
}
