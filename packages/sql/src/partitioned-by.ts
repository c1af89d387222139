import { invalidInput, parseGranularity, type DruidError, type Granularity } from '@silt/common';
import { SqlColumn, SqlFunction, SqlLiteral, type SqlPartitionedByClause } from 'druid-query-toolkit';
import { isKeywordLiteral } from './expression-converter.ts';

/** The granularities PARTITIONED BY accepts, as Druid lists them in its error message. */
const DOCUMENTED = ['SECOND', 'MINUTE', 'FIVE_MINUTE', 'TEN_MINUTE', 'FIFTEEN_MINUTE', 'THIRTY_MINUTE', 'HOUR', 'SIX_HOUR', 'EIGHT_HOUR', 'DAY', 'MONTH', 'QUARTER', 'YEAR', 'ALL'];

/**
 * The segment granularity of a PARTITIONED BY clause: `ALL` / `ALL TIME`, a named granularity
 * (`DAY`, `FIVE_MINUTE` …), a period string (`'P1D'`), `FLOOR(__time TO unit)` or
 * `TIME_FLOOR(__time, 'PT1H')`. Only Druid's standard granularities are allowed.
 */
export function partitionGranularity(clause: SqlPartitionedByClause): Granularity {
  const node = clause.expression;
  if (!node) return { type: 'all' };
  if (node instanceof SqlLiteral) {
    if (typeof node.value !== 'string') throw invalidGranularity(node.toString());
    return standard(parseGranularity(node.value), node.toString());
  }
  if (node instanceof SqlColumn && node.getTableName() === undefined) return standard(parseGranularity(node.getName()), node.toString());
  if (!(node instanceof SqlFunction)) throw invalidGranularity(node.toString());

  const name = node.getEffectiveFunctionName().toUpperCase();
  if (name !== 'FLOOR' && name !== 'TIME_FLOOR') {
    throw invalidInput(`Invalid operator[${name}] specified. PARTITIONED BY clause only supports FLOOR(__time TO <unit>) and TIME_FLOOR(__time, period) functions.`);
  }
  const args = node.args?.values ?? [];
  if (args.length !== 2) throw invalidInput(`${name} in PARTITIONED BY clause must have 2 arguments, but only [${args.length}] provided.`);
  const time = args[0]!;
  const granularity = args[1]!;
  if (!(time instanceof SqlColumn) || time.getName() !== '__time') {
    throw invalidInput(`Invalid argument[${time.toString()}] provided. The first argument to ${name} in PARTITIONED BY clause must be __time.`);
  }
  if (name === 'TIME_FLOOR') {
    if (!(granularity instanceof SqlLiteral) || typeof granularity.value !== 'string' || isKeywordLiteral(granularity)) {
      throw invalidInput(`Invalid argument[${granularity.toString()}] provided. The second argument to TIME_FLOOR in PARTITIONED BY clause must be a period like 'PT1H'.`);
    }
    const period = parseGranularity(granularity.value);
    if (!period || period.type !== 'period') throw invalidInput(`granularity[${granularity.toString()}] is an invalid period literal.`);
    return standard(period, node.toString());
  }
  if (!isKeywordLiteral(granularity)) {
    throw invalidInput(`Second argument[${granularity.toString()}] to the FLOOR function in PARTITIONED BY clause is not a valid granularity. Please refer to the documentation of FLOOR function.`);
  }
  const unit = String((granularity as SqlLiteral).value).toUpperCase();
  const period = parseGranularity(unit);
  if (!period || period.type !== 'period') throw invalidInput(`${unit} is not a valid period granularity for ingestion.`);
  return standard(period, node.toString());
}

/** How Druid prints a granularity in messages (`{type=period, period=P1D, timeZone=UTC, origin=null}`, `AllGranularity`). */
export function granularityText(g: Granularity): string {
  if (g.type === 'all') return 'AllGranularity';
  if (g.type === 'none') return 'NoneGranularity';
  return `{type=period, period=${g.period}, timeZone=UTC, origin=null}`;
}

function standard(g: Granularity | undefined, text: string): Granularity {
  if (g && (g.type === 'all' || (g.type === 'period' && g.name !== undefined))) return g;
  throw invalidGranularity(text);
}

function invalidGranularity(text: string): DruidError {
  return invalidInput(
    `Invalid granularity[${text}] specified after PARTITIONED BY clause. Expected ${DOCUMENTED.map((g) => `'${g}'`).join(', ')}, ALL TIME, FLOOR() or TIME_FLOOR()`,
  );
}
