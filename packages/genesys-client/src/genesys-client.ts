import type { Models } from 'purecloud-platform-client-v2';
import { type CallOptions, CallRunner, type GenesysResponse } from './call.js';
import type { Endpoint } from './errors.js';
import { clientCredentialsLogin } from './login.js';
import { type EventSink, familyOf } from './rate-limit.js';
import { createSdk, type Gateway } from './sdk.js';
import { TokenCache } from './token-cache.js';

export interface GenesysClientOptions {
  /** Where the SDK connects: the service's Toxiproxy listener in the lab, api.<region> in real Genesys Cloud. */
  gateway: Gateway;
  /** Where the token request (POST /oauth/token) goes: login.<region> in real Genesys Cloud. Default: `gateway`. */
  loginGateway?: Gateway;
  clientId: string;
  clientSecret: string;
  /** Receives `rate-limit-headers` after every answer. */
  events?: EventSink;
  /** Refresh the token this long before it expires (default 60). */
  refreshBeforeExpirySeconds?: number;
  /** Per-request HTTP timeout inside the SDK (axios), default the SDK's 16 000 ms. */
  timeoutMs?: number;
  /** Clock for the token cache (tests). */
  now?: () => number;
  /**
   * Takes budget for a request the caller's own policies do not see: a token request (family "oauth") and the
   * re-attempt after a 401 (the call's family). Every request the platform counts must take a unit of the org
   * budget, or the service's count and the platform's drift apart. Default: none.
   */
  takeBudget?: (family: string, signal?: AbortSignal) => Promise<unknown>;
}

export interface PageOptions extends CallOptions {
  pageSize?: number;
  pageNumber?: number;
}

export interface QueueListOptions extends PageOptions {
  /** Exact name, case-insensitive; a trailing * matches a prefix. */
  name?: string;
}

export interface JobResultsOptions extends CallOptions {
  cursor?: string;
  pageSize?: number;
}

type Reply<T> = Promise<GenesysResponse<T>>;

/** The Genesys Cloud calls the lab's services make, through the official SDK. */
export interface GenesysClient {
  getQueues(opts?: QueueListOptions): Reply<Models.QueueEntityListing>;
  getUsers(opts?: PageOptions): Reply<Models.UserEntityListing>;
  postConversationDetailsQuery(
    body: Models.ConversationQuery,
    opts?: CallOptions,
  ): Reply<Models.AnalyticsConversationQueryResponse>;
  createDetailsJob(body: Models.AsyncConversationQuery, opts?: CallOptions): Reply<Models.AsyncQueryResponse>;
  getDetailsJob(jobId: string, opts?: CallOptions): Reply<Models.AsyncQueryStatus>;
  getDetailsJobResults(jobId: string, opts?: JobResultsOptions): Reply<Models.AnalyticsConversationAsyncQueryResponse>;
  deleteDetailsJob(jobId: string, opts?: CallOptions): Reply<unknown>;
  getConversation(conversationId: string, opts?: CallOptions): Reply<Models.Conversation>;
  postQueueObservations(
    body: Models.QueueObservationQuery,
    opts?: CallOptions,
  ): Reply<Models.QueueObservationQueryResponse>;
  createNotificationChannel(opts?: CallOptions): Reply<Models.Channel>;
  /** Replaces the channel's topics with `topics` (topic names). */
  putChannelSubscriptions(
    channelId: string,
    topics: string[],
    opts?: CallOptions,
  ): Reply<Models.ChannelTopicEntityListing>;
  getWfmBusinessUnits(opts?: CallOptions): Reply<Models.BusinessUnitListing>;
  /** `weekId` is the week's first day, YYYY-MM-DD. */
  getWeekSchedules(businessUnitId: string, weekId: string, opts?: CallOptions): Reply<Models.BuScheduleListing>;
  searchAgentSchedules(
    businessUnitId: string,
    body: Models.BuSearchAgentSchedulesRequest,
    opts?: CallOptions,
  ): Reply<Models.BuAsyncAgentSchedulesSearchResponse>;
}

const at = (method: string, path: string): Endpoint => ({ method, path, family: familyOf(path) });
const JOBS = '/api/v2/analytics/conversations/details/jobs';
const UNITS = '/api/v2/workforcemanagement/businessunits';

/**
 * A client of its own (own SDK ApiClient, token cache and HTTP client): nothing is shared with the SDK's
 * singleton or with other clients. The secret stays in this closure; the token never leaves the cache and the SDK.
 */
export function createGenesysClient(options: GenesysClientOptions): GenesysClient {
  const sdk = createSdk(options.gateway, options.timeoutMs, options.loginGateway);
  const login = clientCredentialsLogin(sdk, options.clientId, options.clientSecret);
  const { takeBudget } = options;
  const tokens = new TokenCache({
    fetchToken: takeBudget ? async () => (await takeBudget('oauth'), login()) : login,
    ...(options.now ? { now: options.now } : {}),
    refreshBeforeExpirySeconds: options.refreshBeforeExpirySeconds ?? 60,
  });
  const runner = new CallRunner(sdk, tokens, options.events, takeBudget);
  const { routing, users, analytics, conversations, notifications, wfm } = sdk;

  return {
    getQueues: ({ signal, ...query } = {}) =>
      runner.run(at('GET', '/api/v2/routing/queues'), () => routing.getRoutingQueues(query), signal),
    getUsers: ({ signal, ...query } = {}) =>
      runner.run(at('GET', '/api/v2/users'), () => users.getUsers(query), signal),
    postConversationDetailsQuery: (body, opts) =>
      runner.run(
        at('POST', '/api/v2/analytics/conversations/details/query'),
        () => analytics.postAnalyticsConversationsDetailsQuery(body),
        opts?.signal,
      ),
    createDetailsJob: (body, opts) =>
      runner.run(at('POST', JOBS), () => analytics.postAnalyticsConversationsDetailsJobs(body), opts?.signal),
    getDetailsJob: (jobId, opts) =>
      runner.run(
        at('GET', `${JOBS}/{jobId}`),
        () => analytics.getAnalyticsConversationsDetailsJob(jobId),
        opts?.signal,
      ),
    getDetailsJobResults: (jobId, { signal, ...query } = {}) =>
      runner.run(
        at('GET', `${JOBS}/{jobId}/results`),
        () => analytics.getAnalyticsConversationsDetailsJobResults(jobId, query),
        signal,
      ),
    deleteDetailsJob: (jobId, opts) =>
      runner.run(
        at('DELETE', `${JOBS}/{jobId}`),
        () => analytics.deleteAnalyticsConversationsDetailsJob(jobId),
        opts?.signal,
      ),
    getConversation: (conversationId, opts) =>
      runner.run(
        at('GET', '/api/v2/conversations/{conversationId}'),
        () => conversations.getConversation(conversationId),
        opts?.signal,
      ),
    postQueueObservations: (body, opts) =>
      runner.run(
        at('POST', '/api/v2/analytics/queues/observations/query'),
        () => analytics.postAnalyticsQueuesObservationsQuery(body),
        opts?.signal,
      ),
    createNotificationChannel: (opts) =>
      runner.run(
        at('POST', '/api/v2/notifications/channels'),
        () => notifications.postNotificationsChannels(),
        opts?.signal,
      ),
    putChannelSubscriptions: (channelId, topics, opts) =>
      runner.run(
        at('PUT', '/api/v2/notifications/channels/{channelId}/subscriptions'),
        () =>
          notifications.putNotificationsChannelSubscriptions(
            channelId,
            topics.map((id) => ({ id })),
          ),
        opts?.signal,
      ),
    getWfmBusinessUnits: (opts) =>
      runner.run(at('GET', UNITS), () => wfm.getWorkforcemanagementBusinessunits(), opts?.signal),
    getWeekSchedules: (businessUnitId, weekId, opts) =>
      runner.run(
        at('GET', `${UNITS}/{businessUnitId}/weeks/{weekId}/schedules`),
        () => wfm.getWorkforcemanagementBusinessunitWeekSchedules(businessUnitId, weekId),
        opts?.signal,
      ),
    searchAgentSchedules: (businessUnitId, body, opts) =>
      runner.run(
        at('POST', `${UNITS}/{businessUnitId}/agentschedules/search`),
        () => wfm.postWorkforcemanagementBusinessunitAgentschedulesSearch(businessUnitId, body),
        opts?.signal,
      ),
  };
}
