import { invalidInput } from '@silt/common';
import { type LogicalPlan, planInputs } from './logical-plan.ts';

/**
 * Druid's SQL engines: `native` answers `POST /druid/v2/sql` (interactive queries), `msq-task`
 * answers `POST /druid/v2/sql/task` (the multi-stage query task engine).
 */
export type SqlEngine = 'native' | 'msq-task';

/**
 * Refuses the tables an engine cannot read. System tables (`sys.*`, `INFORMATION_SCHEMA.*`) are
 * served by the Broker itself (Calcite's bindable convention), so Druid's task engine refuses any
 * statement that reads one, however deep in joins, subqueries or CTEs, naming each table once in
 * the order the plan reads them.
 */
export function checkEngineTables(plan: LogicalPlan, engine: SqlEngine): void {
  if (engine !== 'msq-task') return;
  const tables = new Set<string>();
  const visit = (node: LogicalPlan): void => {
    if (node.kind === 'systemScan') tables.add(node.table);
    planInputs(node).forEach(visit);
  };
  visit(plan);
  if (tables.size > 0) throw invalidInput(`Cannot query table(s) [${[...tables].join(', ')}] with SQL engine [${engine}]`);
}
