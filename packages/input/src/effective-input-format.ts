import { invalidInput } from '@silt/common';

/** The input format the rows of a `sql` split are written in (see `sqlSplitBytes`). */
export const SQL_ROWS_INPUT_FORMAT: Readonly<Record<string, unknown>> = Object.freeze({ type: 'json' });

/**
 * The input format to read a split with, given its input source (`split.inputSource`, which for a
 * `combining` source is the delegate's spec) and the query's `inputFormat`. As in Druid, a `sql`
 * source has a fixed format and needs none: its rows come as JSON lines, so this returns
 * `{ type: 'json' }` whatever was given. Every other byte-reading source returns `inputFormat`.
 * Call it per split and pass the result to both `readRecordChunks` and `parseRecordChunk`.
 *
 * @throws DruidError (invalidInput) when a source that needs a format has none, or for a `druid`
 *   source, whose splits are segments and have no input format.
 * @example
 * const format = effectiveInputFormat(split.inputSource, spec.inputFormat);
 * for await (const chunk of readRecordChunks(split, format)) pool.run({ chunk, inputFormat: format, signature });
 */
export function effectiveInputFormat(
  inputSource: Readonly<Record<string, unknown>>,
  inputFormat: Readonly<Record<string, unknown>> | null | undefined,
): Readonly<Record<string, unknown>> {
  if (inputSource.type === 'sql') return SQL_ROWS_INPUT_FORMAT;
  if (inputSource.type === 'druid') throw invalidInput('A druid input source has no input format: its splits are segments, read with SegmentFile');
  if (inputFormat == null) throw invalidInput(`Invalid inputFormat: field [inputFormat] is required for input source type [${String(inputSource.type)}]`);
  return inputFormat;
}
