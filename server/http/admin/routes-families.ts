// Chat rooms, groups and one-to-one calls: lists, details and the operator's levers.

import Router from '@koa/router';
import type Koa from 'koa';
import { USER_RANGES, type CallRow, type ChatRoomDetail, type ChatRoomRow, type FamilyActionResult, type GroupDetail, type UserRange } from '../../contract';
import type { OperatorCommand } from '../../domain';
import type { AdminServices } from './services';
import { apiError } from './guard';
import { runCommand } from './operator-actions';
import { toChannelRow } from './views';
import { callRows, channelsByRoom, toCallRow, toChatRoomRow, toGroupRow } from './views-families';

export function familyRoutes(services: AdminServices): Router {
  const router = new Router({ prefix: '/api' });
  chatRoomRoutes(router, services);
  groupRoutes(router, services);
  callRoutes(router, services);
  return router;
}

function chatRoomRoutes(router: Router, services: AdminServices): void {
  const { state } = services.monitor;
  const row = (id: string): ChatRoomRow | undefined => {
    const room = state.chatRooms.get(id);
    return room ? toChatRoomRow(room, channelsByRoom(state).get(room.id) ?? null) : undefined;
  };

  router.get('/chatrooms', (ctx) => {
    const includeDeleted = ctx.query.includeDeleted === '1' || ctx.query.includeDeleted === 'true';
    const linked = channelsByRoom(state);
    ctx.body = [...state.chatRooms.values()]
      .filter((room) => includeDeleted || room.deletedAt === undefined)
      .map((room) => toChatRoomRow(room, linked.get(room.id) ?? null));
  });

  router.get('/chatrooms/:roomId', async (ctx) => {
    const room = state.chatRooms.get(ctx.params.roomId ?? '');
    if (!room) return apiError(ctx, 404, 'not_found', `no chat room ${ctx.params.roomId}`);
    const linkedId = channelsByRoom(state).get(room.id) ?? null;
    const linked = linkedId === null ? undefined : state.channels.get(linkedId);
    const detail: ChatRoomDetail = {
      room: toChatRoomRow(room, linkedId),
      linkedChannel: linked ? toChannelRow(state, linked, services.history, services.now()) : null,
      lists: [...room.lists],
      recentEvents: await services.audit.query({ channelId: room.id, limit: 50 }, { maxFiles: 1 }),
    };
    ctx.body = detail;
  });

  router.post('/chatrooms/:roomId/delete', async (ctx) => {
    const roomId = ctx.params.roomId ?? '';
    await familyAction(ctx, services, { kind: 'deleteChatRoom', roomId }, () => row(roomId));
  });

  router.post('/chatrooms/:roomId/limit', async (ctx) => {
    const roomId = ctx.params.roomId ?? '';
    const body = (ctx.request as Koa.Request & { body?: unknown }).body as { limit?: unknown } | undefined;
    const limit = typeof body?.limit === 'number' ? body.limit : Number.NaN;
    await familyAction(ctx, services, { kind: 'setChatRoomLimit', roomId, limit }, () => row(roomId));
  });
}

function groupRoutes(router: Router, services: AdminServices): void {
  const { state } = services.monitor;
  router.get('/groups', (ctx) => {
    const includeDeleted = ctx.query.includeDeleted === '1' || ctx.query.includeDeleted === 'true';
    ctx.body = [...state.groups.values()].filter((group) => includeDeleted || group.deletedAt === undefined).map(toGroupRow);
  });

  router.get('/groups/:groupId', async (ctx) => {
    const group = state.groups.get(ctx.params.groupId ?? '');
    if (!group) return apiError(ctx, 404, 'not_found', `no group ${ctx.params.groupId}`);
    const detail: GroupDetail = {
      group: toGroupRow(group),
      members: [...group.members],
      ignore: [...group.ignore],
      recentEvents: await services.audit.query({ channelId: group.id, limit: 50 }, { maxFiles: 1 }),
    };
    ctx.body = detail;
  });
}

function callRoutes(router: Router, services: AdminServices): void {
  const { state } = services.monitor;
  router.get('/calls', (ctx) => {
    ctx.body = callRows(state);
  });

  router.get('/calls/minutes', (ctx) => {
    const range = ctx.query.range ?? '24h';
    if (typeof range !== 'string' || !(USER_RANGES as readonly string[]).includes(range)) {
      return apiError(ctx, 400, 'bad_request', `range must be one of ${USER_RANGES.join(', ')}`);
    }
    ctx.body = services.callHistory.report(range as UserRange, services.now());
  });

  router.post('/calls/:id/end', async (ctx) => {
    const callId = ctx.params.id ?? '';
    await familyAction(ctx, services, { kind: 'endCall', callId }, (): CallRow | undefined => {
      const call = state.calls.get(callId);
      return call ? toCallRow(call) : undefined;
    });
  });
}

async function familyAction<Row>(ctx: Koa.Context, services: AdminServices, command: OperatorCommand, row: () => Row | undefined): Promise<void> {
  const outcome = await runCommand(ctx, services, command);
  if (!outcome) return;
  const current = row();
  if (current === undefined) return apiError(ctx, 404, 'not_found', 'it is gone');
  services.hub.flush();
  const result: FamilyActionResult<Row> = { row: current, message: outcome.message };
  ctx.body = result;
}
