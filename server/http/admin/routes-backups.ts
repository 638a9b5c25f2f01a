import Router from '@koa/router';
import type { AdminServices } from './services';
import { apiError } from './guard';

/** Backups of the data folder: the list (newest first) and "back up now". */
export function backupRoutes(services: AdminServices): Router {
  const router = new Router({ prefix: '/api/backups' });

  router.get('/', async (ctx) => {
    ctx.body = await services.backups.list();
  });

  router.post('/', async (ctx) => {
    try {
      ctx.body = await services.backups.create();
      ctx.status = 201;
    } catch (error) {
      // Said as the operator needs it: usually the backup folder's disk or permissions.
      apiError(ctx, 500, 'backup_failed', `The backup failed: ${(error as Error).message}`);
    }
  });

  return router;
}
