import { type HttpError, registerApiPipeline } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import type { NotifierContext } from './context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** An injected error to answer once the notification is recorded (the lost-acknowledgement fault). */
    errorAfterRecording: HttpError | undefined;
  }
}

/**
 * Before every notifier API request: the injected error (answered now, or after recording), then the injected
 * delay. After it: the request counter and the request log.
 */
export function registerPipeline(app: FastifyInstance, ctx: NotifierContext): void {
  app.decorateRequest('errorAfterRecording', undefined);
  registerApiPipeline(app, {
    faults: ctx.faults,
    requests: ctx.requests,
    metrics: ctx.metrics,
    sleep: ctx.sleep,
    onInjectedError: (request, error, fault) => {
      ctx.metrics.faults.inc({ kind: fault.afterRecording ? 'error-after-recording' : 'error-rate' });
      if (!fault.afterRecording) throw error;
      request.errorAfterRecording = error;
    },
  });
}
