import { createHash } from 'node:crypto';
import { en, Faker } from '@faker-js/faker';

/** A seeded faker: the same seed yields the same sequence of values. */
export function seededFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  return faker;
}

/** A stable 31-bit seed derived from several parts, for values that must not depend on generation order. */
export function derivedSeed(...parts: (string | number)[]): number {
  return createHash('sha1').update(parts.join('|')).digest().readUInt32BE(0) & 0x7fffffff;
}
