import { metric } from '../metric-signal.js';

const method = 'HTTP method';
const route = 'the route as the mock names it, e.g. /api/v2/conversations/:conversationId';
const status = 'HTTP status answered';
const kind = 'the fault type (docs/faults.md): maintenance, error-rate, slow, ...';

/** mock-genesys: the platform's side of the story, the truth experiments check the services against. */
export const MOCK_GENESYS_METRICS = {
  requests: metric({
    name: 'mock_genesys_requests_total',
    type: 'counter',
    help: 'Genesys API requests answered, by method, route, status and OAuth client',
    unit: 'requests',
    labels: { method, route, status, client: 'the OAuth client id of the caller' },
    emittedBy: ['mock-genesys'],
  }),
  requestDuration: metric({
    name: 'mock_genesys_request_duration_seconds',
    type: 'histogram',
    help: 'Time to answer a Genesys API request, including injected delays',
    unit: 'seconds',
    labels: { route },
    emittedBy: ['mock-genesys'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
  }),
  rateLimited: metric({
    name: 'mock_genesys_rate_limited_total',
    type: 'counter',
    help: '429 answers from the rate limits, by budget scope (token or org), API family and client',
    unit: 'requests',
    labels: {
      scope: 'token (one client token), org (the org-wide budget all services share)',
      family: 'API family (oauth for the token endpoint)',
      client: 'the OAuth client id',
    },
    emittedBy: ['mock-genesys'],
  }),
  faults: metric({
    name: 'mock_genesys_faults_injected_total',
    type: 'counter',
    help: 'Requests answered with an injected fault, by kind and route',
    unit: 'requests',
    labels: { kind, route },
    emittedBy: ['mock-genesys'],
  }),
  notificationEvents: metric({
    name: 'mock_genesys_notification_events_total',
    type: 'counter',
    help: 'Frames sent on notification WebSockets, by topic kind',
    unit: 'frames',
    labels: { kind: 'heartbeat, pong, or the topic kind of an event' },
    emittedBy: ['mock-genesys'],
  }),
  orgBudgetUsed: metric({
    name: 'mock_genesys_org_budget_used',
    type: 'gauge',
    help: 'Calls counted in the current org-wide window, per API family',
    unit: 'calls',
    labels: { family: 'API family' },
    emittedBy: ['mock-genesys'],
  }),
  orgBudgetAllowed: metric({
    name: 'mock_genesys_org_budget_allowed',
    type: 'gauge',
    help: 'Org-wide calls allowed per window, per API family',
    unit: 'calls',
    labels: { family: 'API family' },
    emittedBy: ['mock-genesys'],
  }),
  notificationSockets: metric({
    name: 'mock_genesys_notification_sockets_open',
    type: 'gauge',
    help: 'Notification WebSockets currently connected',
    unit: 'sockets',
    labels: {},
    emittedBy: ['mock-genesys'],
  }),
  notificationChannels: metric({
    name: 'mock_genesys_notification_channels',
    type: 'gauge',
    help: 'Notification channels alive (created, not expired or evicted), with or without a socket',
    unit: 'channels',
    labels: {},
    emittedBy: ['mock-genesys'],
  }),
};

/** mock-crm: what the CRM answered and which faults it injected. */
export const MOCK_CRM_METRICS = {
  requests: metric({
    name: 'mock_crm_requests_total',
    type: 'counter',
    help: 'CRM API requests answered, by method, route and status',
    unit: 'requests',
    labels: { method, route, status },
    emittedBy: ['mock-crm'],
  }),
  faults: metric({
    name: 'mock_crm_faults_injected_total',
    type: 'counter',
    help: 'CRM API requests given an injected fault, by kind (error-rate, slow)',
    unit: 'requests',
    labels: { kind: 'error-rate, slow' },
    emittedBy: ['mock-crm'],
  }),
};

/** mock-notifier: deliveries recorded (the once-only check of the webhook pipeline) and faults. */
export const MOCK_NOTIFIER_METRICS = {
  requests: metric({
    name: 'mock_notifier_requests_total',
    type: 'counter',
    help: 'Notifier API requests answered, by method, route and status',
    unit: 'requests',
    labels: { method, route, status },
    emittedBy: ['mock-notifier'],
  }),
  deliveries: metric({
    name: 'mock_notifier_deliveries_total',
    type: 'counter',
    help: 'Notifications accepted, repeats included (deliveries; effects are counted apart)',
    unit: 'notifications',
    labels: {},
    emittedBy: ['mock-notifier'],
  }),
  duplicates: metric({
    name: 'mock_notifier_duplicate_deliveries_total',
    type: 'counter',
    help: 'Notifications whose eventId had been delivered before',
    unit: 'notifications',
    labels: {},
    emittedBy: ['mock-notifier'],
  }),
  effects: metric({
    name: 'mock_notifier_effects_total',
    type: 'counter',
    help: 'Notifications that caused an effect: a repeat of an Idempotency-Key answers the first result and causes none',
    unit: 'notifications',
    labels: {},
    emittedBy: ['mock-notifier'],
  }),
  duplicateEffects: metric({
    name: 'mock_notifier_duplicate_effects_total',
    type: 'counter',
    help: 'Effects of an eventId that had had one before (a repeat without, or with another, Idempotency-Key)',
    unit: 'notifications',
    labels: {},
    emittedBy: ['mock-notifier'],
  }),
  faults: metric({
    name: 'mock_notifier_faults_injected_total',
    type: 'counter',
    help: 'Notifier API requests given an injected fault, by kind (error-rate, slow)',
    unit: 'requests',
    labels: { kind: 'error-rate, error-after-recording, slow' },
    emittedBy: ['mock-notifier'],
  }),
};
