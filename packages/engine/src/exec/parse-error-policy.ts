import { type Fault, FaultError, fault } from '@silt/common';
import type { ParseError } from '@silt/input';
import type { QueryCounters } from './counters.ts';

/** A warning as the report lists it (Druid's MSQErrorReport for a warning). */
export interface WarningReport {
  readonly taskId: string;
  readonly stageNumber: number;
  readonly error: Fault;
}

/** Most warnings kept as samples in the report. */
const MAX_SAMPLES = 10;

/**
 * Druid's parse-exception rules for MSQ: with `maxParseExceptions` 0 (strict) the first bad row
 * fails the query with CannotParseExternalData; otherwise bad rows are skipped and counted as
 * warnings until there are more than `maxParseExceptions` (-1 = unlimited), which fails the query
 * with TooManyWarnings.
 */
export class ParseErrorPolicy {
  private seen = 0;
  readonly samples: WarningReport[] = [];

  /** Rows skipped as unparseable so far. */
  get count(): number {
    return this.seen;
  }

  constructor(
    private readonly taskId: string,
    private readonly maxParseExceptions: number,
    private readonly counters: QueryCounters,
  ) {}

  report(stageNumber: number, worker: number, e: ParseError): void {
    // A NUL byte is never skipped silently: it fails the query unless removeNullBytes is set.
    if (e.code === 'InvalidNullByte') {
      throw new FaultError(fault('InvalidNullByte', { source: e.source, rowNumber: e.rowNumber, column: e.column, value: e.value, position: e.position }));
    }
    const error = fault('CannotParseExternalData', { message: `${e.message} (Path: ${e.source}, Record: ${e.recordNumber}, Line: ${e.recordNumber})` });
    if (this.maxParseExceptions === 0) throw new FaultError(error);
    this.seen++;
    this.counters.warn(stageNumber, worker, 'CannotParseExternalData');
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ taskId: this.taskId, stageNumber, error });
    if (this.maxParseExceptions >= 0 && this.seen > this.maxParseExceptions) {
      throw new FaultError(fault('TooManyWarnings', { maxWarnings: this.maxParseExceptions, rootErrorCode: 'CannotParseExternalData' }));
    }
  }
}
