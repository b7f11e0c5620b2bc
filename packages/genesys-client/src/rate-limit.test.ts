import { describe, expect, it } from 'vitest';
import { familyOf, rateLimitFrom } from './rate-limit.js';

describe('familyOf', () => {
  it('is the first path segment after /api/v2', () => {
    expect(familyOf('/api/v2/routing/queues')).toBe('routing');
    expect(familyOf('/api/v2/analytics/conversations/details/jobs/{jobId}')).toBe('analytics');
    expect(familyOf('/api/v2/users?pageSize=2')).toBe('users');
    expect(familyOf('/oauth/token')).toBe('oauth');
  });
});

describe('rateLimitFrom', () => {
  it('reads inin-ratelimit-* into remaining = allowed - count', () => {
    const headers = { 'inin-ratelimit-count': '12', 'inin-ratelimit-allowed': '300', 'inin-ratelimit-reset': '41' };
    expect(rateLimitFrom(headers, 'routing')).toEqual({
      family: 'routing',
      count: 12,
      allowed: 300,
      remaining: 288,
      resetSeconds: 41,
    });
  });

  it('is undefined when a header is missing or not a number', () => {
    expect(rateLimitFrom({}, 'users')).toBeUndefined();
    expect(
      rateLimitFrom(
        { 'inin-ratelimit-count': '', 'inin-ratelimit-allowed': '300', 'inin-ratelimit-reset': '1' },
        'users',
      ),
    ).toBeUndefined();
    expect(
      rateLimitFrom(
        { 'inin-ratelimit-count': '1', 'inin-ratelimit-allowed': 'lots', 'inin-ratelimit-reset': '1' },
        'users',
      ),
    ).toBeUndefined();
    // a budget of nothing is no budget: the pacer would divide by it
    expect(
      rateLimitFrom(
        { 'inin-ratelimit-count': '0', 'inin-ratelimit-allowed': '0', 'inin-ratelimit-reset': '1' },
        'users',
      ),
    ).toBeUndefined();
  });
});
