import { type Fault, FaultError, fault } from '@silt/common';
import { type ParseError, type PartialRowError, partialRowMessage } from '@silt/input';
import type { QueryCounters } from './counters.ts';

/** A warning as the report lists it (Druid's MSQErrorReport for a warning). */
export interface WarningReport {
  readonly taskId: string;
  readonly stageNumber: number;
  readonly error: Fault;
}

/** A saved parse exception as a native task report lists it (Druid's ParseExceptionReport). */
export interface ParseExceptionReport {
  /** The record (or the value) that failed. */
  readonly input: string;
  readonly errorType: 'unparseable' | 'processedWithError';
  readonly details: readonly string[];
  readonly timeOfExceptionMillis: number;
}

/** Most warnings kept as samples in the report. */
const MAX_SAMPLES = 10;

/**
 * Druid's parse-exception rules for MSQ: with `maxParseExceptions` 0 (strict) the first bad row
 * fails the query with CannotParseExternalData; otherwise bad rows are skipped and counted as
 * warnings until there are more than `maxParseExceptions` (-1 = unlimited), which fails the query
 * with TooManyWarnings. Native batch also counts rows kept with values it could not convert
 * (processedWithError) against the same limit, and keeps the `maxSavedParseExceptions` latest
 * exceptions for its report.
 */
export class ParseErrorPolicy {
  private seen = 0;
  private partial = 0;
  readonly samples: WarningReport[] = [];
  private readonly saved: ParseExceptionReport[] = [];

  /** Rows skipped as unparseable so far. */
  get count(): number {
    return this.seen;
  }

  /** Rows kept with values that could not be converted so far. */
  get partialCount(): number {
    return this.partial;
  }

  /** The latest saved exceptions, newest first (as Druid lists them). */
  get savedExceptions(): ParseExceptionReport[] {
    return [...this.saved].reverse();
  }

  constructor(
    private readonly taskId: string,
    private readonly maxParseExceptions: number,
    private readonly counters: QueryCounters,
    private readonly maxSavedParseExceptions = 0,
    /** Told of each parse exception (native `logParseExceptions`). */
    private readonly log?: (message: string) => void,
  ) {}

  /** Fails the query on a limit below -1, when it starts: Druid accepts such a task and fails it then. */
  checkLimit(): void {
    if (this.maxParseExceptions >= -1) return;
    const message = `Invalid limit of ${this.maxParseExceptions} supplied for warnings of type CannotParseExternalData. Limit can be greater than or equal to -1.`;
    throw new FaultError(fault('UnknownError', { message }));
  }

  report(stageNumber: number, worker: number, e: ParseError): void {
    this.seen++;
    this.log?.(e.message);
    this.save({ input: e.excerpt, errorType: 'unparseable', details: [e.message], timeOfExceptionMillis: Date.now() });
    this.record(stageNumber, worker, fault('CannotParseExternalData', { message: `${e.message} (Path: ${e.source}, Record: ${e.recordNumber}, Line: ${e.recordNumber})` }));
  }

  /** Counts a row kept with values that could not be converted (native batch's processedWithError). */
  reportPartialRow(stageNumber: number, worker: number, e: PartialRowError): void {
    this.partial++;
    this.log?.(partialRowMessage(e));
    this.save({ input: e.input, errorType: 'processedWithError', details: e.details, timeOfExceptionMillis: Date.now() });
    this.record(stageNumber, worker, fault('CannotParseExternalData', { message: partialRowMessage(e) }));
  }

  private save(report: ParseExceptionReport): void {
    if (this.maxSavedParseExceptions <= 0) return;
    if (this.saved.length === this.maxSavedParseExceptions) this.saved.shift();
    this.saved.push(report);
  }

  private record(stageNumber: number, worker: number, error: Fault): void {
    if (this.maxParseExceptions === 0) throw new FaultError(error);
    this.counters.warn(stageNumber, worker, 'CannotParseExternalData');
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ taskId: this.taskId, stageNumber, error });
    if (this.maxParseExceptions >= 0 && this.seen + this.partial > this.maxParseExceptions) {
      throw new FaultError(fault('TooManyWarnings', { maxWarnings: this.maxParseExceptions, rootErrorCode: 'CannotParseExternalData' }));
    }
  }
}
