import { dataWindow, type MockConfig } from '../config.js';
import { seededFaker } from './random.js';
import type {
  AnalyticsConversation,
  AnalyticsParticipant,
  AnalyticsSegment,
  AnalyticsSession,
  BusinessUnit,
  Queue,
  User,
} from './types.js';

export interface Dataset {
  divisionId: string;
  queues: Queue[];
  users: User[];
  /** Sorted by conversationStart ascending. */
  conversations: AnalyticsConversation[];
  conversationsById: Map<string, AnalyticsConversation>;
  queuesById: Map<string, Queue>;
  usersById: Map<string, User>;
  businessUnits: BusinessUnit[];
  /** The window the generated conversations start in, epoch ms [start, end). */
  window: { start: number; end: number };
}

type DatasetSettings = Pick<
  MockConfig,
  | 'MOCK_SEED'
  | 'MOCK_DATA_QUEUES'
  | 'MOCK_DATA_USERS'
  | 'MOCK_DATA_CONVERSATIONS'
  | 'MOCK_DATA_START'
  | 'MOCK_DATA_DAYS'
>;

const MEDIA_TYPES: AnalyticsSession['mediaType'][] = [
  'voice',
  'voice',
  'voice',
  'chat',
  'email',
  'message',
  'callback',
];
const WRAP_UP_CODES = ['resolved', 'follow-up', 'escalated', 'no-answer', 'billing', 'sales'];

/**
 * Generates the whole data set from the seed: the same settings (and, without MOCK_DATA_START, the same UTC day of
 * `startedAt`) always give the same data.
 */
export function generateDataset(settings: DatasetSettings, startedAt: number = Date.now()): Dataset {
  const window = dataWindow(settings, startedAt);
  const f = seededFaker(settings.MOCK_SEED);
  const divisionId = f.string.uuid();
  const division = { id: divisionId, name: 'Home', selfUri: `/api/v2/authorization/divisions/${divisionId}` };
  const created = new Date(window.start - 365 * 86_400_000).toISOString();

  const queues: Queue[] = Array.from({ length: settings.MOCK_DATA_QUEUES }, (_, i) => {
    const id = f.string.uuid();
    return {
      id,
      name: `${f.commerce.department()} ${f.helpers.arrayElement(['Support', 'Sales', 'Billing', 'Care'])} ${i + 1}`,
      division,
      memberCount: 0,
      dateCreated: created,
      selfUri: `/api/v2/routing/queues/${id}`,
    };
  });

  const users: User[] = Array.from({ length: settings.MOCK_DATA_USERS }, () => {
    const id = f.string.uuid();
    const first = f.person.firstName();
    const last = f.person.lastName();
    const memberOf = f.helpers.arrayElements(queues, { min: 1, max: Math.min(3, queues.length) });
    for (const q of memberOf) q.memberCount++;
    return {
      id,
      name: `${first} ${last}`,
      email: f.internet.email({ firstName: first, lastName: last, provider: 'example.com' }).toLowerCase(),
      state: 'active',
      division,
      title: f.person.jobTitle(),
      queueIds: memberOf.map((q) => q.id),
      selfUri: `/api/v2/users/${id}`,
    };
  });

  const startMs = window.start;
  const spanMs = window.end - window.start;
  const conversations: AnalyticsConversation[] = Array.from({ length: settings.MOCK_DATA_CONVERSATIONS }, () =>
    generateConversation(f, { startMs, spanMs, queues, users, divisionId }),
  ).sort((a, b) => a.conversationStart.localeCompare(b.conversationStart));

  const buId = f.string.uuid();
  const businessUnits: BusinessUnit[] = [
    {
      id: buId,
      name: 'Contact Centre',
      division: { id: divisionId, selfUri: division.selfUri },
      selfUri: `/api/v2/workforcemanagement/businessunits/${buId}`,
      userIds: users.map((u) => u.id),
    },
  ];

  return {
    divisionId,
    queues,
    users,
    conversations,
    conversationsById: new Map(conversations.map((c) => [c.conversationId, c])),
    queuesById: new Map(queues.map((q) => [q.id, q])),
    usersById: new Map(users.map((u) => [u.id, u])),
    businessUnits,
    window,
  };
}

export interface ConversationContext {
  startMs: number;
  spanMs: number;
  queues: Queue[];
  users: User[];
  divisionId: string;
}

/** One conversation starting in [startMs, startMs + spanMs): also what live traffic draws, a minute at a time. */
export function generateConversation(
  f: ReturnType<typeof seededFaker>,
  ctx: ConversationContext,
): AnalyticsConversation {
  const start = ctx.startMs + f.number.int({ min: 0, max: ctx.spanMs - 1 });
  const mediaType = f.helpers.arrayElement(MEDIA_TYPES);
  const direction: AnalyticsSession['direction'] = f.number.float() < 0.85 ? 'inbound' : 'outbound';
  const queue = f.helpers.arrayElement(ctx.queues);
  const agent = f.helpers.arrayElement(ctx.users);
  const waitMs = f.number.int({ min: 2_000, max: 180_000 });
  const talkMs = f.number.int({ min: 30_000, max: 1_200_000 });
  const wrapMs = f.number.int({ min: 5_000, max: 90_000 });
  const answered = f.number.float() < 0.9;
  const iso = (ms: number) => new Date(ms).toISOString();
  const queueEnd = start + waitMs;
  const end = answered ? queueEnd + talkMs + wrapMs : queueEnd;
  const ani = mediaType === 'voice' || mediaType === 'callback' ? `tel:+1${f.string.numeric(10)}` : f.internet.email();
  const dnis =
    mediaType === 'voice' || mediaType === 'callback' ? `tel:+1800${f.string.numeric(7)}` : 'support@example.com';

  const session = (segments: AnalyticsSegment[], metrics: AnalyticsSession['metrics'] = []): AnalyticsSession => ({
    sessionId: f.string.uuid(),
    mediaType,
    direction,
    ani,
    dnis,
    metrics,
    segments,
  });

  const customer: AnalyticsParticipant = {
    participantId: f.string.uuid(),
    participantName: f.person.fullName(),
    purpose: 'customer',
    sessions: [
      session([
        {
          segmentStart: iso(start),
          segmentEnd: iso(end),
          segmentType: 'interact',
          disconnectType: answered ? f.helpers.arrayElement(['client', 'peer'] as const) : 'client',
        },
      ]),
    ],
  };
  const acd: AnalyticsParticipant = {
    participantId: f.string.uuid(),
    participantName: queue.name,
    purpose: 'acd',
    sessions: [
      session(
        [{ segmentStart: iso(start), segmentEnd: iso(queueEnd), segmentType: 'interact', queueId: queue.id }],
        [{ name: 'tAcd', value: waitMs, emitDate: iso(queueEnd) }],
      ),
    ],
  };
  const participants = [customer, acd];
  if (answered) {
    const wrapUpCode = f.helpers.arrayElement(WRAP_UP_CODES);
    participants.push({
      participantId: f.string.uuid(),
      participantName: agent.name,
      purpose: 'agent',
      userId: agent.id,
      sessions: [
        session(
          [
            {
              segmentStart: iso(queueEnd),
              segmentEnd: iso(queueEnd + talkMs),
              segmentType: 'interact',
              queueId: queue.id,
            },
            {
              segmentStart: iso(queueEnd + talkMs),
              segmentEnd: iso(end),
              segmentType: 'wrapup',
              queueId: queue.id,
              wrapUpCode,
              disconnectType: 'client',
            },
          ],
          [
            { name: 'tTalk', value: talkMs, emitDate: iso(queueEnd + talkMs) },
            { name: 'tAcw', value: wrapMs, emitDate: iso(end) },
          ],
        ),
      ],
    });
  }
  return {
    conversationId: f.string.uuid(),
    conversationStart: iso(start),
    conversationEnd: iso(end),
    originatingDirection: direction,
    divisionIds: [ctx.divisionId],
    participants,
  };
}
