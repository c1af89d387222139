import { DruidError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { resolveInputFormat, resolveInputSource, validateInputFormat, validateInputSource } from '../src/index.ts';

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DruidError);
    expect((error as DruidError).errorCode).toBe('invalidInput');
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('validateInputSource', () => {
  it('accepts the Druid shapes of inline, local and http sources', () => {
    validateInputSource({ type: 'inline', data: 'a,b' });
    validateInputSource({ type: 'local', files: ['/x.json'] });
    validateInputSource({ type: 'local', baseDir: '/data', filter: '*.json', files: null, ignored: 1 });
    validateInputSource({
      type: 'http',
      uris: ['https://example.com/a.json'],
      httpAuthenticationUsername: 'u',
      httpAuthenticationPassword: { type: 'environment', variable: 'PW' },
      requestHeaders: { 'X-A': 'b' },
    });
    expect(resolveInputSource({ type: 'local', files: ['/x'], extra: true })).toEqual({ type: 'local', files: ['/x'] });
  });

  it('names the field and the problem', () => {
    expect(messageOf(() => validateInputSource('x'))).toBe('Invalid inputSource: expected a JSON object');
    expect(messageOf(() => validateInputSource({ type: 'hdfs', paths: [] }))).toBe(
      'Invalid inputSource: unknown type [hdfs]; supported types are [inline, local, http, s3, sql, druid, combining]',
    );
    expect(messageOf(() => validateInputSource({ type: 'inline' }))).toBe('Invalid inputSource: field [data]: is required');
    expect(messageOf(() => validateInputSource({ type: 'local' }))).toBe('Invalid inputSource: At least one of baseDir or files should be specified');
    expect(messageOf(() => validateInputSource({ type: 'local', baseDir: '/d' }))).toBe('Invalid inputSource: field [filter]: is required when [baseDir] is set');
    expect(messageOf(() => validateInputSource({ type: 'local', files: ['/a', 3] }))).toMatch(/^Invalid inputSource: field \[files\.1\]: /);
    expect(messageOf(() => validateInputSource({ type: 'http', uris: ['ftp://h/x'] }))).toBe(
      'Invalid inputSource: field [uris.0]: must be an absolute URI; only [http, https] protocols are allowed',
    );
    expect(messageOf(() => validateInputSource({ type: 'http', uris: [] }))).toMatch(/^Invalid inputSource: field \[uris\]: /);
    expect(messageOf(() => validateInputSource({ type: 'http', uris: ['http://h/x'], httpAuthenticationPassword: { type: 'environment' } }))).toMatch(
      /^Invalid inputSource: field \[httpAuthenticationPassword\]: expected a string, \{type: 'default', password\}/,
    );
  });
});

describe('validateInputFormat', () => {
  it('fills in Druid defaults', () => {
    expect(resolveInputFormat({ type: 'json', keepNullColumns: true })).toEqual({
      type: 'json',
      flattenSpec: null,
      features: new Set(),
      keepNullColumns: true,
      assumeNewlineDelimited: false,
      useJsonNodeReader: false,
    });
    expect(resolveInputFormat({ type: 'json', flattenSpec: { fields: ['a'] } })).toMatchObject({
      flattenSpec: { useFieldDiscovery: true, fields: [{ type: 'root', name: 'a', expr: 'a', nodes: [] }] },
      keepNullColumns: true,
    });
    expect(resolveInputFormat({ type: 'parquet' })).toEqual({ type: 'parquet', flattenSpec: null, binaryAsString: false });
    expect(resolveInputFormat({ type: 'csv', columns: ['a', 'b'] })).toEqual({
      type: 'csv',
      delimiter: ',',
      listDelimiter: '\u0001',
      columns: ['a', 'b'],
      findColumnsFromHeader: false,
      skipHeaderRows: 0,
      tryParseNumbers: false,
    });
    expect(resolveInputFormat({ type: 'tsv', hasHeaderRow: true, columns: [] })).toMatchObject({ type: 'tsv', delimiter: '\t', findColumnsFromHeader: true });
    expect(resolveInputFormat({ type: 'delimited', delimiter: '|', columns: ['a'], findColumnsFromHeader: true })).toMatchObject({
      type: 'tsv',
      delimiter: '|',
      columns: [],
      findColumnsFromHeader: true,
    });
  });

  it("reports Druid's checks of flat text formats", () => {
    expect(messageOf(() => validateInputFormat({ type: 'csv' }))).toBe('Either [columns] or [findColumnsFromHeader] must be set');
    expect(messageOf(() => validateInputFormat({ type: 'csv', hasHeaderRow: true, findColumnsFromHeader: true }))).toBe(
      'Cannot accept both [findColumnsFromHeader] and [hasHeaderRow]',
    );
    expect(messageOf(() => validateInputFormat({ type: 'tsv', findColumnsFromHeader: false }))).toMatch(/^If \[columns\] is not set/);
    expect(messageOf(() => validateInputFormat({ type: 'tsv', columns: ['a'], delimiter: '|', listDelimiter: '|' }))).toBe(
      'Cannot have same delimiter and list delimiter of [|]',
    );
    expect(messageOf(() => validateInputFormat({ type: 'csv', columns: ['a,b'] }))).toBe('Column[a,b] cannot have the delimiter[,] in its name');
    expect(messageOf(() => validateInputFormat({ type: 'csv', columns: ['a'], skipHeaderRows: -1 }))).toMatch(/^Invalid inputFormat: field \[skipHeaderRows\]: /);
    expect(messageOf(() => validateInputFormat({ type: 'xml' }))).toBe(
      'Invalid inputFormat: unknown type [xml]; supported types are [json, csv, tsv, delimited, regex, parquet, avro_ocf, orc, protobuf]',
    );
  });

  it("reports Druid's checks of flattenSpec fields", () => {
    const json = (fields: unknown[]) => messageOf(() => validateInputFormat({ type: 'json', flattenSpec: { fields } }));
    expect(json([{ type: 'path', name: 'a' }])).toBe("Missing 'expr' for field[a]");
    expect(json([{ type: 'tree', name: 't' }])).toBe("Missing 'nodes' for field[t], was [null]");
    expect(json(['a', { type: 'path', name: 'a', expr: '$.a' }])).toBe('Cannot have duplicate field definition: a');
    expect(json([{ type: 'path', name: 'k', expr: '$.a.keys()' }])).toMatch(/JSONPath function \[keys\(\)\] is not supported/);
    expect(json([{ type: 'jq', name: 'q', expr: '.a[' }])).toMatch(/^flattenSpec field \[q\]: invalid jq program \[\.a\[\]: jq: error/);
    expect(messageOf(() => validateInputFormat({ type: 'parquet', flattenSpec: { fields: [{ type: 'jq', name: 'q', expr: '.a' }] } }))).toBe(
      'flattenSpec field [q] has type [jq], which the [parquet] input format does not support; supported types are [root, path]',
    );
    expect(messageOf(() => validateInputFormat({ type: 'json', featureSpec: { ALLOW_SINGLE_QUOTES: true, NOT_A_FEATURE: true } }))).toMatch(
      /^Invalid inputFormat: featureSpec: unknown JSON parser feature \[NOT_A_FEATURE\]/,
    );
    expect(messageOf(() => validateInputFormat({ type: 'json', assumeNewlineDelimited: true, useJsonNodeReader: true }))).toBe(
      'useJsonNodeReader cannot be set to true when assumeNewlineDelimited is true.',
    );
    expect(messageOf(() => validateInputFormat({ type: 'regex', pattern: '(a' }))).toMatch(/^Invalid inputFormat: regex \[pattern\] \[\(a\] is not a valid regular expression/);
    expect(messageOf(() => validateInputFormat({ type: 'avro_ocf', schema: { type: 'record' } }))).toMatch(/^Invalid inputFormat: field \[schema\] is not a valid Avro schema/);
    expect(messageOf(() => validateInputFormat({ type: 'protobuf', protoBytesDecoder: { type: 'schema_registry', url: 'http://x' } }))).toMatch(
      /^Invalid inputFormat: field \[protoBytesDecoder\.type\]: must be \{type: 'file'.*schema_registry decoders are not supported$/,
    );
  });
});
