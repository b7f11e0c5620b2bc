import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './http-error.js';
import { parseInput } from './validation.js';

const schema = z.object({ name: z.string().min(1), nested: z.object({ n: z.number() }), size: z.number().default(3) });

function failure(input: unknown, where = 'body'): HttpError {
  try {
    parseInput(schema, input, where);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('parseInput accepted bad input');
}

describe('parseInput', () => {
  it('returns the parsed value, defaults applied', () => {
    expect(parseInput(schema, { name: 'a', nested: { n: 1 } }, 'body')).toEqual({
      name: 'a',
      nested: { n: 1 },
      size: 3,
    });
  });

  it('throws a 400 whose field is the path of the first bad field and whose message lists the issues', () => {
    const error = failure({ name: '', nested: { n: 'x' } });
    expect(error.status).toBe(400);
    expect(error.code).toBe('bad_request');
    expect(error.field).toBe('name');
    expect(error.message).toMatch(/^Invalid body: name: .+; nested\.n: .+/);
  });

  it('names `where` when the input as a whole is wrong', () => {
    const error = failure('not an object', 'query');
    expect(error.field).toBe('query');
    expect(error.message).toMatch(/^Invalid query: query: /);
  });

  it('lists at most five issues', () => {
    const wide = z.object(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}`, z.string()])));
    try {
      parseInput(wide, {}, 'body');
      expect.unreachable();
    } catch (error) {
      expect((error as HttpError).message.split('; ')).toHaveLength(5);
    }
  });
});
