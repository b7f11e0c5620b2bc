import { checkAdmin, registerFaultRoutes, registerRequestLogRoute } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_FAMILIES } from '../config.js';
import type { MockContext } from '../context.js';
import { socketClosingFrame } from '../notifications/events.js';
import { budgetSettingsFrom } from '../ratelimit/budgets.js';
import { parseInput } from '../validation.js';

const rateLimitsBody = z.object({
  windowSeconds: z.number().int().min(1).max(3_600).optional(),
  tokenLimit: z.number().int().min(1).optional(),
  orgLimits: z.partialRecord(z.enum(API_FAMILIES), z.number().int().min(1)).optional(),
});
const notificationsBody = z.object({
  eventsPerSecond: z.number().min(0).max(1_000).optional(),
  heartbeatSeconds: z.number().min(0.05).max(3_600).optional(),
});

/**
 * /__admin: HTTP-level faults Toxiproxy cannot make, and run-time settings. Not part of the Genesys API.
 * Guarded by MOCK_ADMIN_TOKEN (header x-mock-admin-token) when set, else open to loopback callers only.
 */
export async function adminRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/__admin')) checkAdmin(request, ctx.config.MOCK_ADMIN_TOKEN);
  });

  const closeSockets = () => ctx.channels.announceClosing(socketClosingFrame());

  app.get('/__admin/state', async () => ({
    faults: ctx.faults.list(),
    rateLimits: { ...ctx.budgets.current, orgUsage: await ctx.budgets.orgUsage() },
    notifications: { ...ctx.live, openSockets: ctx.channels.sockets().length, channels: ctx.channels.count() },
    data: {
      seed: ctx.config.MOCK_SEED,
      queues: ctx.data.queues.length,
      users: ctx.data.users.length,
      conversations: ctx.data.conversations.length,
      businessUnitIds: ctx.data.businessUnits.map((b) => b.id),
      /** The interval the generated conversations start in: query it (or any part) to find them. */
      interval: `${new Date(ctx.data.window.start).toISOString()}/${new Date(ctx.data.window.end).toISOString()}`,
      live: {
        ratePerMinute: ctx.config.MOCK_LIVE_RATE,
        since: new Date(ctx.traffic.since).toISOString(),
        conversations: ctx.traffic.conversations().length,
      },
    },
  }));

  // Faults (error-rate, slow, maintenance); a maintenance window tells every notification socket it is closing.
  registerFaultRoutes(app, {
    faults: ctx.faults,
    onAdded: (fault) =>
      fault.type === 'maintenance' ? { socketsClosed: fault.closeSockets ? closeSockets() : 0 } : undefined,
    onReset: () => {
      ctx.requests.clear();
      ctx.budgets.configure(budgetSettingsFrom(ctx.config));
      ctx.live.eventsPerSecond = ctx.config.MOCK_NOTIFICATION_EVENTS_PER_SECOND;
      ctx.live.heartbeatSeconds = ctx.config.MOCK_HEARTBEAT_SECONDS;
    },
  });
  registerRequestLogRoute(app, ctx.requests);

  app.post('/__admin/ratelimits', async (request) => {
    ctx.budgets.configure(parseInput(rateLimitsBody, request.body ?? {}, 'body'));
    return ctx.budgets.current;
  });

  app.post('/__admin/notifications', async (request) => {
    const body = parseInput(notificationsBody, request.body ?? {}, 'body');
    Object.assign(ctx.live, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
    return ctx.live;
  });

  app.post('/__admin/notifications/socket-closing', async () => ({ socketsClosed: closeSockets() }));

  app.post('/__admin/tokens/expire', async () => ({ expired: ctx.tokens.expireAll() }));
}
