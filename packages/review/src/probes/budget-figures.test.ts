import { describe, expect, it } from 'vitest';
import { budgetFigures, countByFamily, familyOfRoute } from './budget-figures.js';

const limits = { conversations: 40, analytics: 300 };

describe('budget figures', () => {
  it('finds the family of a route or a usage template URI', () => {
    expect(familyOfRoute('/api/v2/conversations/:conversationId')).toBe('conversations');
    expect(familyOfRoute('api/v2/analytics/conversations/details/query')).toBe('analytics');
    expect(familyOfRoute('/oauth/token')).toBeUndefined();
  });

  it('counts per family, leaving out what has no org limit', () => {
    const rows = [
      { route: '/api/v2/conversations/:id', count: 3 },
      { route: 'api/v2/conversations/{id}', count: 2 },
      { route: '/api/v2/usage/query', count: 1 },
    ];
    expect(countByFamily(rows, limits)).toEqual({ conversations: 5 });
  });

  it('reports the busiest family share and headroom, from the usage view', () => {
    const figures = budgetFigures({ conversations: 36, analytics: 30 }, { conversations: 36, analytics: 30 }, limits);
    expect(figures.busiestFamily).toBe('conversations');
    expect(figures.share).toBeCloseTo(0.9);
    expect(figures.headroom).toBeCloseTo(0.1);
    expect(figures.prometheusShare).toBeCloseTo(0.9);
    expect(figures.agree).toBe(true);
  });

  it('disagrees when one family differs by more than 2 requests and 5 %', () => {
    expect(budgetFigures({ conversations: 10 }, { conversations: 12 }, limits).agree).toBe(true);
    const off = budgetFigures({ conversations: 10 }, { conversations: 14 }, limits);
    expect(off.agree).toBe(false);
    expect(off.gapRequests).toBe(4);
    expect(budgetFigures({}, {}, limits)).toMatchObject({ share: 0, headroom: 1, busiestFamily: null, agree: true });
  });
});
