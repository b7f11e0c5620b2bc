import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_FAMILIES } from '../config.js';
import type { MockContext } from '../context.js';
import { GenesysError, notFound } from '../errors.js';
import { errorRateSchema } from '../faults/error-rate.js';
import { maintenanceSchema } from '../faults/maintenance.js';
import { slowSchema } from '../faults/slow.js';
import { socketClosingFrame } from '../notifications/events.js';
import { budgetSettingsFrom } from '../ratelimit/budgets.js';
import { parseInput } from '../validation.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const rateLimitsBody = z.object({
  windowSeconds: z.number().int().min(1).max(3_600).optional(),
  tokenLimit: z.number().int().min(1).optional(),
  orgLimits: z.partialRecord(z.enum(API_FAMILIES), z.number().int().min(1)).optional(),
});
const notificationsBody = z.object({
  eventsPerSecond: z.number().min(0).max(1_000).optional(),
  heartbeatSeconds: z.number().min(0.05).max(3_600).optional(),
});
const requestsQuery = z.object({
  route: z.string().startsWith('/').optional(),
  client: z.string().min(1).optional(),
  /** Epoch milliseconds. */
  since: z.coerce.number().int().min(0).optional(),
});
const resetBody = z.object({ seed: z.number().int().min(0).optional() }).default({});

/**
 * /__admin: HTTP-level faults Toxiproxy cannot make, and run-time settings. Not part of the Genesys API.
 * Guarded by MOCK_ADMIN_TOKEN (header x-mock-admin-token) when set, else open to loopback callers only.
 */
export async function adminRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/__admin')) return;
    const token = ctx.config.MOCK_ADMIN_TOKEN;
    const allowed = token ? request.headers['x-mock-admin-token'] === token : LOOPBACK.has(request.ip);
    if (!allowed) {
      throw new GenesysError(
        403,
        token ? 'x-mock-admin-token is missing or wrong' : 'The admin API answers loopback only',
      );
    }
  });

  const closeSockets = () => ctx.channels.announceClosing(socketClosingFrame());

  app.get('/__admin/state', async () => ({
    ...ctx.faults.describe(),
    rateLimits: { ...ctx.budgets.current, orgUsage: await ctx.budgets.orgUsage() },
    notifications: { ...ctx.live, openSockets: ctx.channels.sockets().length },
    data: {
      seed: ctx.config.MOCK_SEED,
      queues: ctx.data.queues.length,
      users: ctx.data.users.length,
      conversations: ctx.data.conversations.length,
      businessUnitIds: ctx.data.businessUnits.map((b) => b.id),
    },
  }));

  app.post('/__admin/faults/error-rate', async (request, reply) => {
    const fault = ctx.faults.addErrorRate(parseInput(errorRateSchema, request.body ?? {}, 'body'));
    return reply.code(201).send(fault.describe());
  });

  app.post('/__admin/faults/slow', async (request, reply) => {
    const fault = ctx.faults.addSlow(parseInput(slowSchema, request.body ?? {}, 'body'));
    return reply.code(201).send(fault.describe());
  });

  app.post('/__admin/faults/maintenance', async (request, reply) => {
    const spec = parseInput(maintenanceSchema, request.body ?? {}, 'body');
    const window = ctx.faults.startMaintenance(spec);
    const closed = spec.closeSockets ? closeSockets() : 0;
    return reply.code(201).send({ ...window.describe(), socketsClosed: closed });
  });

  app.delete('/__admin/faults/maintenance', async () => ({ ended: ctx.faults.endMaintenance() }));

  app.delete<{ Params: { id: string } }>('/__admin/faults/:id', async (request, reply) => {
    if (!ctx.faults.remove(request.params.id)) throw notFound(`No fault ${request.params.id}`);
    return reply.code(204).send();
  });

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

  app.get('/__admin/requests', async (request) => {
    const query = parseInput(requestsQuery, request.query, 'query');
    return { requests: ctx.requests.entries(query) };
  });

  app.post('/__admin/tokens/expire', async () => ({ expired: ctx.tokens.expireAll() }));

  app.post('/__admin/reset', async (request) => {
    const { seed } = parseInput(resetBody, request.body ?? {}, 'body');
    ctx.faults.reset(seed);
    ctx.requests.clear();
    ctx.budgets.configure(budgetSettingsFrom(ctx.config));
    ctx.live.eventsPerSecond = ctx.config.MOCK_NOTIFICATION_EVENTS_PER_SECOND;
    ctx.live.heartbeatSeconds = ctx.config.MOCK_HEARTBEAT_SECONDS;
    return { reset: true, faultSeed: seed ?? ctx.config.MOCK_FAULT_SEED };
  });
}
