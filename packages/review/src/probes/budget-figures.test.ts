import { describe, expect, it } from 'vitest';
import { busiest, countByFamily, experimentBudget, familyOfRoute } from './budget-figures.js';

const limits = { conversations: 40, analytics: 300 };
const figures = (usageView: Record<string, number>, services: Record<string, number>, windowMs = 20_000) =>
  experimentBudget({
    usageView,
    services,
    limits,
    windowMs,
    rateWindowSeconds: 60,
    toleranceRequests: 2,
    toleranceShare: 0.05,
  });

describe('budget figures', () => {
  it('finds the family of a route or a usage template URI', () => {
    expect(familyOfRoute('/api/v2/conversations/:conversationId')).toBe('conversations');
    expect(familyOfRoute('api/v2/analytics/conversations/details/query')).toBe('analytics');
    expect(familyOfRoute('/oauth/token')).toBeUndefined();
  });

  it('counts per family, leaving out what has no org limit', () => {
    const rows = [
      { family: 'conversations', count: 3 },
      { family: 'conversations', count: 2 },
      { family: 'usage', count: 1 },
      { family: undefined, count: 9 },
    ];
    expect(countByFamily(rows, limits)).toEqual({ conversations: 5 });
    expect(busiest({ conversations: 20, analytics: 30 }, limits)).toEqual({ family: 'conversations', share: 0.5 });
  });

  it('reports the busiest family share and headroom of one rate window', () => {
    const f = figures({ conversations: 36, analytics: 30 }, { conversations: 36, analytics: 30 });
    expect(f.busiestFamily).toBe('conversations');
    expect(f.share).toBeCloseTo(0.9);
    expect(f.headroom).toBeCloseTo(0.1);
    expect(f.servicesShare).toBeCloseTo(0.9);
    expect(f.agree).toBe(true);
  });

  it('spreads a window longer than the rate window over its rate windows', () => {
    expect(figures({ conversations: 40 }, { conversations: 40 }, 120_000).share).toBeCloseTo(0.5);
  });

  it('disagrees when one family differs by more than the requests and the share tolerated', () => {
    expect(figures({ conversations: 10 }, { conversations: 12 }).agree).toBe(true);
    const off = figures({ conversations: 10 }, { conversations: 14 });
    expect(off.agree).toBe(false);
    expect(off.gapRequests).toBe(4);
    expect(figures({ analytics: 200 }, { analytics: 209 }).agree).toBe(true);
    expect(figures({ analytics: 200 }, { analytics: 212 }).agree).toBe(false);
    expect(figures({}, {})).toMatchObject({ share: 0, headroom: 1, busiestFamily: null, agree: true });
  });
});
