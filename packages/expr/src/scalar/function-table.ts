import { NUMERIC_FUNCTIONS } from './numeric-functions.ts';
import { OPERATORS } from './operators.ts';
import type { ScalarFunction } from './scalar-function.ts';
import { STRING_FUNCTIONS } from './string-functions.ts';
import { TIME_FUNCTIONS } from './time-functions.ts';

/** Every per-row scalar implementation, by upper-case function name. */
export const SCALAR_TABLE: ReadonlyMap<string, ScalarFunction> = new Map(
  Object.entries({ ...OPERATORS, ...STRING_FUNCTIONS, ...NUMERIC_FUNCTIONS, ...TIME_FUNCTIONS }),
);
