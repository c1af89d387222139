import { CONDITIONAL_FORMS } from './conditional-forms.ts';
import { SCALAR_TABLE } from './scalar/function-table.ts';

/**
 * Every scalar function and operator name `evaluate` implements (upper-case `Call.fn` values).
 *
 * @example SCALAR_FUNCTIONS.has('TIME_FLOOR') // true
 */
export const SCALAR_FUNCTIONS: ReadonlySet<string> = new Set([...SCALAR_TABLE.keys(), ...Object.keys(CONDITIONAL_FORMS)]);
