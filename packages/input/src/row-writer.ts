import type { RowSignature } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { type ColumnWriter, columnWriter } from './column-writer.ts';
import { type ParseError, binaryParseError } from './parse-error.ts';
import { type PartialRowError, type PartialRowOptions, conversionProblem, partialRowError } from './partial-rows.ts';
import { toScalarString, toStringValue } from './value-coercion.ts';

/** Where a row comes from, for its errors. */
export interface RowOrigin {
  readonly source: string;
  /** 1-based record number (line for text formats, record index for binary ones). */
  readonly recordNumber: number;
  /** 1-based number among the file's data rows (header rows not counted). */
  readonly rowNumber: number;
}

/**
 * Writes rows into the columns of a signature, all columns of a row or none. Before writing, the
 * values of STRING columns are checked as Druid reads them: a value that is a list holding objects or
 * lists cannot be read as a (multi-value) string, so the row is a `CannotParseExternalData` error
 * ("Error while trying to read the external data source at inputSource […], rowNumber […],
 * columnName […]"). Strings holding U+0000 are kept: MSQ checks them when rows are written to frames,
 * after the SELECT expressions (the engine's `null-bytes.ts`), and native batch stores them.
 * With `partialRows`, a written row some of whose numeric values could not be converted (and are
 * null) is listed in {@link partialRowErrors}.
 */
export class RowWriter {
  /** The row being built, one raw value per signature column; fill it, then call {@link write}. */
  readonly values: unknown[];
  private readonly writers: readonly ColumnWriter[];
  private readonly stringColumns: readonly boolean[];
  private readonly stringArrayColumns: readonly boolean[];
  private rows = 0;
  /** Rows written with values that could not be converted (only with `partialRows`). */
  readonly partialRowErrors: PartialRowError[] = [];
  /** The record number of each written row (only with `trackRecords`). */
  readonly rowRecords: number[] | null;
  private readonly dimensions: ReadonlySet<string> | null;

  constructor(
    private readonly signature: RowSignature,
    partialRows?: PartialRowOptions,
    trackRecords = false,
  ) {
    this.dimensions = partialRows ? new Set(partialRows.dimensions) : null;
    this.rowRecords = trackRecords ? [] : null;
    this.values = new Array<unknown>(signature.length).fill(null);
    this.writers = signature.map((c) => columnWriter(c.type));
    this.stringColumns = signature.map((c) => c.type === 'STRING');
    this.stringArrayColumns = signature.map((c) => c.type === 'ARRAY<STRING>');
  }

  /** Rows written so far. */
  get numRows(): number {
    return this.rows;
  }

  /**
   * Writes {@link values} as one row, or returns the error that keeps it out (nothing is written
   * then). `excerpt` gives the raw record for the error, only called on failure. Resets
   * {@link values} to nulls.
   */
  write(origin: RowOrigin, excerpt: () => string): ParseError | null {
    const { values, signature } = this;
    let error: ParseError | null = null;
    for (let c = 0; c < values.length; c++) {
      if (this.stringColumns[c]) {
        const raw = values[c];
        if (Array.isArray(raw) && raw.some((v) => v !== null && typeof v === 'object' && !(v instanceof Uint8Array))) {
          const reason = `Error while trying to read the external data source at inputSource [${origin.source}], rowNumber [${origin.rowNumber}], columnName [${signature[c]!.name}]`;
          error = binaryParseError(origin.source, origin.recordNumber, excerpt(), reason);
          break;
        }
        values[c] = toStringValue(raw);
      } else if (this.stringArrayColumns[c] && values[c] !== null && values[c] !== undefined) {
        const raw = values[c];
        values[c] = Array.isArray(raw) ? raw.map(toScalarString) : [toScalarString(raw)];
      }
    }
    if (!error) {
      let problems: string[] | null = null;
      for (let c = 0; c < values.length; c++) {
        if (this.writers[c]!.add(values[c]) || !this.dimensions) continue;
        const { name, type } = signature[c]!;
        (problems ??= []).push(conversionProblem(values[c], type, name, this.dimensions.has(name)));
      }
      if (problems) this.partialRowErrors.push(partialRowError(this.rows, origin.source, origin.recordNumber, excerpt(), problems));
      this.rowRecords?.push(origin.recordNumber);
      this.rows++;
    }
    values.fill(null);
    return error;
  }

  /** The built columns, in signature order. */
  build(): FrameColumn[] {
    return this.writers.map((w) => w.build());
  }
}
