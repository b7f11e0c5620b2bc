/**
 * The bounds on the work one request may ask of the mock, in one place (the README's "Bounds on work per request"
 * lists them). Where the reference gives the platform's own value it is used (1 000 topics per channel, 20
 * channels per client); the rest are the mock's choice, each small enough that one request cannot stall the event
 * loop or grow memory without limit. A request over a bound is a 400 naming the field, with `limit {key, value}`.
 */
export const LIMITS = {
  /** WFM agent schedule search: explicit userIds per request. */
  wfmSearchUserIds: 100,
  /** WFM agent schedule search: days between startDate and endDate. */
  wfmSearchDays: 31,
  /**
   * WFM agent schedule search: users × days (each agent-day is one seeded shift to build, ~0.25 ms). 3 100 is
   * every user of the default data set (100) over the longest range, what the scheduler asks at most.
   */
  wfmSearchAgentDays: 3_100,
  /** Conversation details query and job: filters of each kind. */
  detailsFilters: 50,
  /** Conversation details query and job: predicates over every filter and clause together. */
  detailsPredicates: 100,
  /** Queue observations query: predicates over the filter and its clauses together. */
  observationPredicates: 100,
  /** Notification channel: topics (the platform's limit). */
  channelTopics: 1_000,
  /** Details jobs kept; the oldest is dropped when a new one would pass it. */
  jobsKept: 100,
  /** Access tokens alive per OAuth client; the oldest is revoked when a new one would pass it. */
  tokensPerClient: 1_000,
  /** Details query bodies up to this size are remembered by their text (larger ones are answered, not kept). */
  cachedBodyBytes: 4_096,
  /** Largest WebSocket frame a client may send (a ping is ~20 bytes); a larger one closes the socket (1009). */
  socketFrameBytes: 16_384,
} as const;
