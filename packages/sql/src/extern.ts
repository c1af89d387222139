import { parseColumnType, type ColumnSignature, type RowSignature } from '@silt/common';
import { SqlFunction, SqlLabeledExpression, SqlLiteral, type SqlExpression } from 'druid-query-toolkit';
import type { ExternalScanNode } from './logical-plan.ts';
import { externalScanNode } from './plan-nodes.ts';
import type { SqlSource } from './sql-source.ts';

const PARAMETERS = ['inputSource', 'inputFormat', 'signature'] as const;
type ExternParameter = (typeof PARAMETERS)[number];

/**
 * Plans `TABLE(EXTERN(inputSource, inputFormat[, signature])) [EXTEND (col TYPE, …)]`: the JSON
 * arguments are string literals, given by position or by name (`inputSource => '…'`); the
 * signature comes from the third argument or from the EXTEND clause, never both.
 */
export function planExtern(table: SqlFunction, source: SqlSource): ExternalScanNode {
  const extern = table.getArg(0);
  if (!(extern instanceof SqlFunction) || extern.getEffectiveFunctionName().toUpperCase() !== 'EXTERN') {
    const name = extern instanceof SqlFunction ? extern.getEffectiveFunctionName() : extern?.toString() ?? '';
    throw source.errorAt(`Table function [${name}] is not supported; use TABLE(EXTERN(...))`, table);
  }
  const args = externArguments(extern, source);
  const inputSource = jsonObject(args.inputSource, 'inputSource', source, extern);
  const inputFormat = jsonObject(args.inputFormat, 'inputFormat', source, extern);
  const declarations = table.getColumnDeclarations();
  if (args.signature !== undefined && declarations) throw source.errorAt('EXTERN requires either a [signature] value or an EXTEND clause, but not both', extern);
  let signature: RowSignature;
  if (args.signature !== undefined) signature = parseSignature(args.signature, source, extern);
  else if (declarations) signature = declarations.map((d) => column(d.getColumnName(), d.columnType.value, source, extern));
  else throw source.errorAt('EXTERN requires either a [signature] value or an EXTEND clause', extern);
  const duplicate = signature.find((c, i) => signature.findIndex((d) => d.name === c.name) !== i);
  if (duplicate) throw source.errorAt(`Column [${duplicate.name}] is declared more than once in the EXTERN signature`, extern);
  const time = signature.find((c) => c.name === '__time');
  if (time && time.type !== 'LONG') {
    throw source.errorAt('EXTERN function with __time column can be used when __time column is of type long. Please change the type of the __time column', extern);
  }
  return externalScanNode(inputSource, inputFormat, signature);
}

function externArguments(extern: SqlFunction, source: SqlSource): Partial<Record<ExternParameter, string>> {
  const out: Partial<Record<ExternParameter, string>> = {};
  const values = extern.args?.values ?? [];
  if (values.length > PARAMETERS.length) throw source.errorAt(`Invalid number of arguments to function 'EXTERN'. Was expecting 2 to 3 arguments`, extern);
  values.forEach((arg, i) => {
    let name: string = PARAMETERS[i]!;
    let value: SqlExpression = arg;
    if (arg instanceof SqlLabeledExpression) {
      name = arg.getLabelName();
      value = arg.expression;
    }
    if (!(PARAMETERS as readonly string[]).includes(name)) throw source.errorAt(`Unknown argument [${name}] to function 'EXTERN'`, arg);
    if (!(value instanceof SqlLiteral) || typeof value.value !== 'string') {
      throw source.errorAt(`The [${name}] argument of EXTERN must be a string literal holding JSON`, arg);
    }
    out[name as ExternParameter] = value.value;
  });
  return out;
}

function parseJson(text: string, field: string, source: SqlSource, at: SqlFunction): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw source.errorAt(`Invalid value for the field [${field}]. Reason: ${(error as Error).message}`, at);
  }
}

function jsonObject(text: string | undefined, field: string, source: SqlSource, at: SqlFunction): Record<string, unknown> {
  if (text === undefined) throw source.errorAt(`EXTERN requires the [${field}] argument`, at);
  const value = parseJson(text, field, source, at);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw source.errorAt(`Invalid value for the field [${field}]. Reason: expected a JSON object`, at);
  return value as Record<string, unknown>;
}

function parseSignature(text: string, source: SqlSource, at: SqlFunction): ColumnSignature[] {
  const value = parseJson(text, 'signature', source, at);
  if (!Array.isArray(value)) throw source.errorAt('Invalid value for the field [signature]. Reason: expected a JSON array of {"name", "type"} objects', at);
  return value.map((entry: unknown) => {
    const { name, type } = (entry && typeof entry === 'object' ? entry : {}) as { name?: unknown; type?: unknown };
    if (typeof name !== 'string' || name === '') {
      throw source.errorAt('Invalid value for the field [signature]. Reason: Column name must be provided and non-empty', at);
    }
    return column(name, typeof type === 'string' ? type : 'string', source, at);
  });
}

function column(name: string, typeName: string, source: SqlSource, at: SqlFunction): ColumnSignature {
  const type = parseColumnType(typeName);
  if (!type) throw source.errorAt(`Invalid type [${typeName}] for column [${name}] of EXTERN`, at);
  return { name, type };
}
