import { createHash } from 'node:crypto';

export const TIERS = ['gold', 'silver', 'bronze'] as const;
export type Tier = (typeof TIERS)[number];

export const ACTION_TYPES = [
  'purchase',
  'support_ticket',
  'callback_request',
  'payment',
  'address_change',
  'complaint',
] as const;

export interface Customer {
  contactId: string;
  name: string;
  tier: Tier;
  lastActionType: (typeof ACTION_TYPES)[number];
  /** ISO 8601, within the 90 days before UPDATED_BEFORE. */
  updatedAt: string;
}

/** contactId: 1-64 characters of A-Z, a-z, 0-9, _ and -. */
export const CONTACT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const FIRST = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Nakamura', 'Rossi', 'Silva', 'Tanaka', 'Weber', 'Yilmaz', 'Zhou'];
/** A fixed instant, so that a seed and a contactId always give the same record. */
const UPDATED_BEFORE = Date.parse('2026-11-01T00:00:00.000Z');
const NINETY_DAYS_S = 90 * 86_400;

/**
 * The customer behind a contactId, derived from a hash of (seed, contactId): the same pair always gives the same
 * record, whatever the order of calls, and nothing is stored.
 */
export function customerFor(seed: number, contactId: string): Customer {
  const digest = createHash('sha256').update(`${seed}|${contactId}`).digest();
  const pick = <T>(list: readonly T[], offset: number): T => list[digest.readUInt32BE(offset) % list.length]!;
  // Tiers are skewed as CRMs usually are: 1 in 8 gold, 3 in 8 silver, half bronze.
  const tierDraw = digest.readUInt8(8) % 8;
  const tier: Tier = tierDraw === 0 ? 'gold' : tierDraw <= 3 ? 'silver' : 'bronze';
  const secondsBefore = digest.readUInt32BE(12) % NINETY_DAYS_S;
  return {
    contactId,
    name: `${pick(FIRST, 0)} ${pick(LAST, 4)}`,
    tier,
    lastActionType: pick(ACTION_TYPES, 16),
    updatedAt: new Date(UPDATED_BEFORE - secondsBefore * 1_000).toISOString(),
  };
}
