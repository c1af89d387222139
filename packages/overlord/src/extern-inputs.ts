import { validateInputFormat, validateInputSource } from '@silt/input';
import type { LogicalPlan } from '@silt/sql';

/**
 * Checks every EXTERN's inputSource and inputFormat of a plan as the input layer will read them, so a
 * bad spec (an unknown type, a combining delegate that cannot be split) is a 400 at submission, not a
 * task that fails once it runs.
 */
export function checkExternalInputs(plan: LogicalPlan): void {
  visit(plan);
}

function visit(node: object): void {
  const n = node as Partial<Extract<LogicalPlan, { kind: 'externalScan' }>> & { kind?: unknown };
  if (n.kind === 'externalScan') {
    validateInputSource(n.inputSource);
    validateInputFormat(n.inputFormat);
    return;
  }
  // Plan nodes hold their inputs in fields (input, left, right …); expressions carry subqueries.
  for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
}
