import type { RowSignature } from '@silt/common';
import { fieldValue } from './delimited-records.ts';
import type { RegexInputFormat } from './input-format-spec.ts';
import { type ParseError, parseError } from './parse-error.ts';
import type { RowWriter } from './row-writer.ts';
import { forEachLine } from './text-lines.ts';

/**
 * Parses the lines of a chunk's text with a `regex` input format into `rows`, as Druid's RegexReader
 * does: a line must match the pattern as a whole, else it is a parse error (`Incorrect Regex: <pattern>
 * . No match found.`); group `i` is the field named `columns[i-1]` (or `column_<i>`), split into a
 * multi-value list when it holds `listDelimiter`; a group that did not take part in the match is null.
 * Returns the number of records seen.
 */
export function parseRegexRecords(
  text: string,
  format: RegexInputFormat,
  signature: RowSignature,
  rows: RowWriter,
  where: { readonly source: string; readonly firstRecord: number },
  errors: ParseError[],
  discovered: Set<string> | null,
): number {
  const groupOf = signature.map((c) => (format.columns ? format.columns.indexOf(c.name) + 1 : generatedGroup(c.name)));
  const values = rows.values;
  return forEachLine(text, (pos, end, index) => {
    const recordNumber = where.firstRecord + index;
    const line = text.slice(pos, end);
    const match = format.regex.exec(line);
    if (!match) {
      errors.push(parseError(where.source, recordNumber, text, pos, end, `Incorrect Regex: ${format.pattern} . No match found.`));
    } else {
      for (let c = 0; c < values.length; c++) {
        const group = groupOf[c]!;
        const field = group > 0 && group < match.length ? match[group] : undefined;
        values[c] = field === undefined ? null : fieldValue(field, format.listDelimiter, false);
      }
      const error = rows.write({ source: where.source, recordNumber, rowNumber: recordNumber }, () => line);
      if (error) errors.push(error);
      if (discovered) for (let g = 1; g < match.length; g++) discovered.add(format.columns?.[g - 1] ?? `column_${g}`);
    }
  });
}

/** The group number of a generated column name `column_<n>`, or 0. */
function generatedGroup(name: string): number {
  const m = /^column_([1-9]\d*)$/.exec(name);
  return m ? Number(m[1]) : 0;
}
