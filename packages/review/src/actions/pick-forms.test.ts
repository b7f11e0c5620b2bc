import { describe, expect, it } from 'vitest';
import { pickForms } from './pick-forms.js';

describe('pickForms', () => {
  const fault = {
    type: 'maintenance',
    seconds: { short: 8, long: 90 },
    target: { route: '/x' },
    list: [{ short: 1, long: 2 }],
  };

  it('picks the short or the long number of every {short, long} pair, at any depth', () => {
    expect(pickForms(fault, 'short')).toEqual({ type: 'maintenance', seconds: 8, target: { route: '/x' }, list: [1] });
    expect(pickForms(fault, 'long')).toEqual({ type: 'maintenance', seconds: 90, target: { route: '/x' }, list: [2] });
  });

  it('leaves objects that merely have a short key alone', () => {
    expect(pickForms({ short: 1, long: 2, other: 3 }, 'short')).toEqual({ short: 1, long: 2, other: 3 });
    expect(pickForms({ short: 'a', long: 'b' }, 'long')).toEqual({ short: 'a', long: 'b' });
  });
});
