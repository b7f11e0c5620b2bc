import { createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
// The English build only: the package's main entry loads every locale (about 35 MB of the mock's memory, 0.4 s).
import { faker as english } from '@faker-js/faker/locale/en';

/** The Faker class, from the English build (that entry exports only its instance). */
const EnglishFaker = english.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;

/** A seeded faker: the same seed yields the same sequence of values. */
export function seededFaker(seed: number): Faker {
  const faker = new EnglishFaker({ locale: english.rawDefinitions });
  faker.seed(seed);
  return faker;
}

/** A stable 31-bit seed derived from several parts, for values that must not depend on generation order. */
export function derivedSeed(...parts: (string | number)[]): number {
  return createHash('sha1').update(parts.join('|')).digest().readUInt32BE(0) & 0x7fffffff;
}
