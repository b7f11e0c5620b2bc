import {
  FaultEngine,
  type FaultKindRegistry,
  RequestLog,
  registerActiveFaultsGauge,
  registerErrorRate,
  registerMaintenance,
  registerSlow,
} from '@lab/mock-kit';
import { DetailsCache } from './analytics/details-cache.js';
import { JobStore } from './analytics/jobs.js';
import { TokenStore } from './auth/tokens.js';
import { API_FAMILIES, type MockConfig } from './config.js';
import { type Dataset, generateDataset } from './data/dataset.js';
import { LiveTraffic } from './data/live-traffic.js';
import { createMetrics, type MockMetrics } from './metrics.js';
import { ChannelStore } from './notifications/channels.js';
import { EventSource } from './notifications/events.js';
import { budgetSettingsFrom, RateBudgets } from './ratelimit/budgets.js';
import { SerializedCache } from './serialized-cache.js';

/** Everything the routes share: one per app instance, no module-level state. */
export interface MockContext {
  config: MockConfig;
  /** The mock's clock (injected in tests). */
  now: () => number;
  data: Dataset;
  /** Conversations that start and end while the mock runs (MOCK_LIVE_RATE). */
  traffic: LiveTraffic;
  tokens: TokenStore;
  budgets: RateBudgets;
  faults: FaultEngine;
  jobs: JobStore;
  /** Query results, remembered: the data set is fixed, live traffic is keyed by its version. */
  details: DetailsCache;
  /** The last requests answered, for experiments to check clients against (GET /__admin/requests). */
  requests: RequestLog;
  /** Serialized listing pages, remembered: the data set is fixed. */
  listings: SerializedCache;
  channels: ChannelStore;
  events: EventSource;
  metrics: MockMetrics;
  /** Settings the admin API may change at run time. */
  live: { eventsPerSecond: number; heartbeatSeconds: number };
}

export function createContext(config: MockConfig, now: () => number = Date.now): MockContext {
  const data = generateDataset(config, now());
  const traffic = new LiveTraffic(data, { seed: config.MOCK_SEED, ratePerMinute: config.MOCK_LIVE_RATE, now });
  const budgets = new RateBudgets(budgetSettingsFrom(config));
  const kinds: FaultKindRegistry = new Map();
  registerErrorRate(kinds);
  registerSlow(kinds);
  registerMaintenance(kinds);
  const channels = new ChannelStore(config.MOCK_MAX_CHANNELS_PER_CLIENT, now);
  const context: MockContext = {
    config,
    now,
    data,
    traffic,
    tokens: new TokenStore(config.MOCK_CLIENTS, now),
    budgets,
    faults: new FaultEngine({ kinds, seed: config.MOCK_FAULT_SEED, now, families: API_FAMILIES }),
    jobs: new JobStore(config.MOCK_JOB_DELAY_MS, now, config.MOCK_JOB_CURSOR_TTL_SECONDS * 1_000),
    details: new DetailsCache(data.conversations, traffic),
    listings: new SerializedCache(),
    requests: new RequestLog(),
    channels,
    events: new EventSource(data, (id) => data.conversationsById.get(id) ?? traffic.get(id)),
    metrics: createMetrics(
      () => context.budgets,
      () => channels.sockets().length,
      () => channels.count(),
    ),
    live: {
      eventsPerSecond: config.MOCK_NOTIFICATION_EVENTS_PER_SECOND,
      heartbeatSeconds: config.MOCK_HEARTBEAT_SECONDS,
    },
  };
  registerActiveFaultsGauge(context.metrics.registry, () => context.faults);
  return context;
}
