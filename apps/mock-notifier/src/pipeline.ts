import type { FastifyInstance } from 'fastify';
import type { NotifierContext } from './context.js';
import type { HttpError } from './http-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** An injected error to answer once the notification is recorded (the lost-acknowledgement fault). */
    errorAfterRecording: HttpError | undefined;
  }
}

const isApi = (url: string) => url.startsWith('/api/');

/**
 * Before every notifier API request: the injected error (answered now, or after recording), then the injected
 * delay. After it: the request counter.
 */
export function registerPipeline(app: FastifyInstance, ctx: NotifierContext): void {
  app.decorateRequest('errorAfterRecording', undefined);

  app.addHook('onRequest', async (request) => {
    if (!isApi(request.url)) return;
    const injected = ctx.faults.errorFor();
    if (injected) {
      ctx.metrics.faults.inc({ kind: injected.afterRecording ? 'error-after-recording' : 'error-rate' });
      if (!injected.afterRecording) throw injected.error;
      request.errorAfterRecording = injected.error;
    }
    const delayMs = ctx.faults.delayFor();
    if (delayMs > 0) {
      ctx.metrics.faults.inc({ kind: 'slow' });
      await ctx.sleep(delayMs);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!isApi(request.url)) return;
    ctx.metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
}
