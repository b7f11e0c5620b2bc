import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, customerFor, TIERS } from './customers.js';

describe('customerFor', () => {
  it('gives the same record for the same seed and contactId, whatever was asked before', () => {
    const first = customerFor(42, 'contact-1');
    customerFor(42, 'contact-2');
    expect(customerFor(42, 'contact-1')).toEqual(first);
    expect(customerFor(43, 'contact-1')).not.toEqual(first);
  });

  it('fills every field with a valid value, and uses every tier', () => {
    const tiers = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const customer = customerFor(42, `c${i}`);
      tiers.add(customer.tier);
      expect(customer.contactId).toBe(`c${i}`);
      expect(customer.name).toMatch(/^\w+ \w+$/);
      expect(ACTION_TYPES).toContain(customer.lastActionType);
      expect(Date.parse(customer.updatedAt)).toBeLessThan(Date.parse('2026-11-01T00:00:00.000Z'));
      expect(Date.parse(customer.updatedAt)).toBeGreaterThanOrEqual(Date.parse('2026-08-03T00:00:00.000Z'));
    }
    expect([...tiers].sort()).toEqual([...TIERS].sort());
  });
});
