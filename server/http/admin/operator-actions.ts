import type Koa from 'koa';
import type { OperatorCommand } from '../../domain';
import type { AdminServices } from './services';
import { apiError } from './guard';

const STATUS = { not_found: 404, conflict: 409, bad_request: 400 } as const;

/** Runs an operator command, records it in the audit log, answers errors. Undefined = answered. */
export async function runCommand(
  ctx: Koa.Context,
  services: AdminServices,
  command: OperatorCommand,
): Promise<{ message: string } | undefined> {
  const started = performance.now();
  const outcome = await services.monitor.command(command, services.now());
  const channelId = 'channelId' in command ? command.channelId : null;
  const userId = 'userId' in command ? command.userId : null;
  recordOperator(services, command.kind, channelId, userId, outcome.ok, outcome.message, performance.now() - started, command);
  if (!outcome.ok) {
    apiError(ctx, STATUS[outcome.failure], outcome.failure, outcome.message);
    return undefined;
  }
  return { message: outcome.message };
}

export function recordOperator(
  services: AdminServices,
  what: string,
  channelId: string | null,
  userId: string | null,
  ok: boolean,
  reason: string,
  latencyMs = 0,
  request?: unknown,
): void {
  services.audit.record({
    at: services.now(),
    action: `operator:${what}`,
    channelId,
    userId,
    decision: ok ? 'operator' : 'error',
    code: null,
    reason,
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    raw: request === undefined ? null : JSON.stringify(request),
    remote: null,
  });
}
