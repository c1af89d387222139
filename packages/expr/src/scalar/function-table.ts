import { ARRAY_FUNCTIONS } from './array-functions.ts';
import { IP_FUNCTIONS } from './ip-functions.ts';
import { JSON_FUNCTIONS } from './json-functions.ts';
import { MATH_FUNCTIONS } from './math-functions.ts';
import { NUMERIC_FUNCTIONS } from './numeric-functions.ts';
import { OPERATORS } from './operators.ts';
import type { ScalarFunction } from './scalar-function.ts';
import { SKETCH_FUNCTIONS } from './sketch-functions.ts';
import { STRING_FUNCTIONS } from './string-functions.ts';
import { TIME_FUNCTIONS } from './time-functions.ts';

/** Every per-row scalar implementation, by upper-case function name. */
export const SCALAR_TABLE: ReadonlyMap<string, ScalarFunction> = new Map(
  Object.entries({
    ...OPERATORS,
    ...STRING_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...MATH_FUNCTIONS,
    ...TIME_FUNCTIONS,
    ...JSON_FUNCTIONS,
    ...ARRAY_FUNCTIONS,
    ...SKETCH_FUNCTIONS,
    ...IP_FUNCTIONS,
  }),
);
