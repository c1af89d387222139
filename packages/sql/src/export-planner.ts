import { invalidInput, sqlTypeName } from '@silt/common';
import { SqlFunction, SqlLabeledExpression, SqlLiteral, type SqlQuery } from 'druid-query-toolkit';
import { validateOutputNames } from './ingest-validation.ts';
import type { PlannedExport } from './logical-plan.ts';
import type { PlanEnv } from './relation-planner.ts';
import { planQuery } from './select-planner.ts';

/**
 * Plans `INSERT INTO EXTERN(local(exportPath => '/abs/dir')) AS CSV SELECT …`: the query's rows are
 * written as CSV files under `exportPath`. Druid's rules: an AS format is required and only valid
 * with an EXTERN target, no PARTITIONED BY / CLUSTERED BY, no ORDER BY, uniquely named columns.
 * Only the `local` destination exists here (Druid's s3 and google need extensions Silt lacks).
 */
export function planExport(query: SqlQuery, env: PlanEnv, context: Readonly<Record<string, unknown>>, sql: string): PlannedExport {
  const clause = query.insertClause!;
  const target = clause.table;
  if (!(target instanceof SqlFunction) || target.getEffectiveFunctionName().toUpperCase() !== 'EXTERN') {
    throw invalidInput('The AS <format> clause should only be specified while exporting rows into an EXTERN destination.');
  }
  if (query.partitionedByClause || query.clusteredByClause) {
    throw invalidInput('Export statements do not support a PARTITIONED BY or CLUSTERED BY clause.');
  }
  if (clause.format === undefined) {
    throw invalidInput('Exporting rows into an EXTERN destination requires an AS clause to specify the format, but none was found.');
  }
  if (clause.format.toUpperCase() !== 'CSV') throw invalidInput(`Unsupported export format [${clause.format}]: the only supported format is CSV`);
  if (query.orderByClause) throw invalidInput('Cannot use an ORDER BY clause on a Query of type [INSERT], use CLUSTERED BY instead');
  const exportPath = localExportPath(target);
  const planned = planQuery(query, env);
  validateOutputNames(planned);
  const sqlTypeNames = planned.columns.map((c) => (c.timestamp ? 'TIMESTAMP' : sqlTypeName(c.type)));
  return Object.freeze({
    kind: 'export',
    plan: planned.plan,
    sqlTypeNames: Object.freeze(sqlTypeNames),
    destination: Object.freeze({ type: 'local', exportPath }),
    format: 'csv',
    context,
    sql,
  });
}

/** The `exportPath` of `EXTERN(local(exportPath => '…'))`: a string literal holding an absolute path. */
function localExportPath(extern: SqlFunction): string {
  const args = extern.args?.values ?? [];
  const destination = args[0];
  if (args.length !== 1 || !(destination instanceof SqlFunction)) {
    throw invalidInput('EXTERN as an export destination takes exactly one argument: a destination function such as local(exportPath => \'/path\')');
  }
  const type = destination.functionName.name;
  if (type.toLowerCase() !== 'local') {
    throw invalidInput(`Could not resolve type id '${type}' as a subtype of [ExportStorageProvider]: the only export destination available is 'local'`);
  }
  let exportPath: string | undefined;
  for (const arg of destination.args?.values ?? []) {
    if (!(arg instanceof SqlLabeledExpression)) throw invalidInput(`Arguments to ${type}() must be named, as in ${type}(exportPath => '/path')`);
    const name = arg.getLabelName();
    if (name !== 'exportPath') throw invalidInput(`Unrecognized field "${name}" of the ${type} export destination: the only field is [exportPath]`);
    if (!(arg.expression instanceof SqlLiteral) || typeof arg.expression.value !== 'string') {
      throw invalidInput(`The [exportPath] argument of ${type}() must be a string literal`);
    }
    exportPath = arg.expression.value;
  }
  if (exportPath === undefined) throw invalidInput(`Missing required creator property 'exportPath' of the ${type} export destination`);
  if (!exportPath.startsWith('/')) throw invalidInput(`The export path [${exportPath}] must be an absolute path`);
  return exportPath;
}
