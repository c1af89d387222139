import { z } from 'zod';

/**
 * Scalar field schemas that accept what Jackson coerces for Druid: booleans also as the strings
 * `"true"` / `"false"`, integers also as strings of digits. Druid's templates often quote them.
 */

/** A boolean, or `"true"` / `"false"`. */
export const boolField = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  error: 'must be a boolean',
});

/** An integer, or a string of digits. */
export const intField = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)], {
  error: 'must be an integer',
});
