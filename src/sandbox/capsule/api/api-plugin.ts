import type { FastifyPluginAsync } from 'fastify';
import { clientErrorOf } from '../http/client-errors.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { ApiError } from './api-errors.ts';
import { ApiRouter } from './api-router.ts';
import {
  acceptRawBodies,
  registerAttachmentDownload,
  registerAttachmentUpload,
} from './attachments-routes.ts';
import { createApiGuard } from './auth-and-rate-limit.ts';
import { registerEntryRoutes } from './entries/entries-routes.ts';
import { registerFieldDefinitionRoutes } from './field-definitions-routes.ts';
import { registerGoalRoutes } from './goals-routes.ts';
import { registerJobRoutes } from './jobs-routes.ts';
import { registerKaseRoutes } from './kases/kases-routes.ts';
import { registerOpportunityRoutes } from './opportunities/opportunities-routes.ts';
import { registerPartyRoutes } from './parties/parties-routes.ts';
import { registerPipelineRoutes } from './pipelines/pipelines-routes.ts';
import { registerRestHookRoutes } from './rest-hooks-routes.ts';
import { registerLookupRoutes } from './settings/lookup-routes.ts';
import { registerSettingsRoutes } from './settings/settings-routes.ts';
import { registerTagRoutes } from './tags-routes.ts';
import { registerTaskRoutes } from './tasks/tasks-routes.ts';
import { registerTrackRoutes } from './tracks/tracks-routes.ts';
import { registerUserRoutes } from './users/users-routes.ts';

/**
 * Capsule's REST API v2, registered with the prefix `/api/v2`. Unknown paths are 404 and known
 * paths with another method 405, both after authentication, with Capsule's `{"message"}` bodies.
 */
export function apiPlugin(ctx: SandboxContext): FastifyPluginAsync {
  return async (fastify) => {
    const guard = createApiGuard(ctx);
    const router = new ApiRouter(fastify, guard);
    // Tags and field definitions first: their static paths must be known before the entity ones.
    registerTagRoutes(router, ctx);
    registerFieldDefinitionRoutes(router, ctx);
    registerPartyRoutes(router, ctx);
    registerOpportunityRoutes(router, ctx);
    registerKaseRoutes(router, ctx);
    registerTaskRoutes(router, ctx);
    registerEntryRoutes(router, ctx);
    registerUserRoutes(router, ctx);
    registerPipelineRoutes(router, ctx);
    registerSettingsRoutes(router, ctx);
    registerLookupRoutes(router);
    registerTrackRoutes(router, ctx);
    registerGoalRoutes(router, ctx);
    registerRestHookRoutes(router, ctx);
    registerJobRoutes(router, ctx);
    registerAttachmentDownload(router, ctx);
    // The upload takes the raw file, so it lives in a context whose only parser keeps bodies as bytes.
    fastify.register(async (uploads) => {
      acceptRawBodies(uploads);
      registerAttachmentUpload(new ApiRouter(uploads, guard), ctx);
    });

    fastify.setNotFoundHandler(async (request, reply) => {
      const caller = await guard(request, reply, 'read');
      if (caller === undefined) {
        return reply;
      }
      const allowed = router.allowedMethods(router.relativePath(request));
      if (allowed.length > 0) {
        return reply.code(405).header('allow', allowed.join(', ')).send({ message: 'Method not allowed' });
      }
      return reply.code(404).send({ message: 'Could not find resource' });
    });

    fastify.setErrorHandler(async (error, request, reply) => {
      if (error instanceof ApiError) {
        return reply.code(error.status).send(error.body);
      }
      const clientError = clientErrorOf(error);
      if (clientError !== undefined) {
        return reply.code(clientError.status).send({ message: clientError.message });
      }
      request.log.error({ err: error }, 'Capsule sandbox API route failed');
      return reply.code(500).send({ message: 'Internal Server Error' });
    });
  };
}
