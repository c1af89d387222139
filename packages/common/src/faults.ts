/**
 * The faults registry: every MSQ error code of Druid's error table, with its message template,
 * the extra fields Druid puts beside `errorCode`, and whether a retry may help.
 *
 * A fault travels as a plain object (`{ errorCode, errorMessage, ...extra }`), which is exactly what
 * a report's `errorReport.error` holds. `FaultError` carries one through `throw`.
 */

/** A fault as reported: `errorCode`, `errorMessage`, and the code's extra fields. */
export interface Fault {
  readonly errorCode: FaultCode;
  readonly errorMessage: string;
  readonly [extra: string]: unknown;
}

interface FaultDefinition {
  /** Builds the message from the extra fields. */
  readonly message: (f: Record<string, any>) => string;
  readonly retriable: boolean;
  /** Extra fields that only feed the message and are not reported beside it. */
  readonly messageOnly: readonly string[];
}

/** A byte count with thousands separators, as Druid's messages print them. */
const bytes = (n: unknown): string => Number(n).toLocaleString('en-US');

const define = (message: (f: Record<string, any>) => string, retriable = false, messageOnly: readonly string[] = []): FaultDefinition => ({ message, retriable, messageOnly });

/** Every fault code Silt raises, with Druid's meaning. */
export const FAULTS = {
  BroadcastTablesTooLarge: define((f) => `Size of broadcast tables in a join exceeded the memory reserved for them (memory reserved for broadcast tables = ${f.maxBroadcastTablesSize} bytes)`),
  /** `reason` QUERY_TIMEOUT: the query context's `timeout` ran out (Druid's CancellationReason). */
  Canceled: define((f) => (f.reason === 'QUERY_TIMEOUT' ? 'Query timed out' : 'Query canceled by user or by task shutdown.')),
  CannotParseExternalData: define((f) => String(f.message ?? 'Unable to parse external data'), false, ['message']),
  ColumnNameRestricted: define((f) => `[${f.columnName}] column name is reserved.`),
  ColumnTypeNotSupported: define((f) => `Cannot handle column [${f.columnName}] with type [${f.columnType}]`),
  InsertCannotAllocateSegment: define((f) => `Cannot allocate segment for dataSource [${f.dataSource}], interval [${f.interval}]`),
  InsertCannotBeEmpty: define((f) => `No rows to insert for dataSource [${f.dataSource}]`),
  InsertLockPreempted: define(() => 'Insert lock preempted while trying to ingest the data. This can occur if there are higher priority jobs like real-time ingestion running on same time chunks.'),
  InsertTimeNull: define(() => 'Encountered a null timestamp in the __time field during INSERT or REPLACE.'),
  // intervalBounds is a list of intervals, shown as Java prints a list.
  InsertTimeOutOfBounds: define(
    (f) =>
      `Inserted data contains time chunk[${f.interval}] outside of bounds specified by OVERWRITE WHERE[[${(f.intervalBounds as string[]).join(', ')}]]. If you want to include this data, expand your OVERWRITE WHERE. If you do not want to include this data, use SELECT ... WHERE to filter it from your inserted data.`,
  ),
  InvalidNullByte: define((f) => `Invalid null byte at source [${f.source}], rowNumber [${f.rowNumber}], column[${f.column}], value[${f.value}], position[${f.position}]. Consider sanitizing the input string column using REPLACE("${f.column}", U&'\\0000', '') AS ${f.column}`),
  NotEnoughMemory: define(
    (f) =>
      `Not enough memory. ${f.suggestedServerMemory > 0 ? `This configuration needs a server memory of at least ${bytes(f.suggestedServerMemory)} bytes. ` : ''}` +
      `(server memory ${bytes(f.serverMemory)} bytes; usable per worker ${bytes(f.usableMemory)} bytes; input workers ${f.inputWorkers ?? 0}; ` +
      `concurrent stages ${f.maxConcurrentStages ?? 1}; server workers ${f.serverWorkers}; processing threads ${f.serverThreads}). ` +
      `Give the server more worker memory (--worker-memory / SILT_WORKER_MEMORY)${f.serverWorkers > 1 ? ' or run the query with fewer workers (maxNumTasks)' : ''}.`,
  ),
  QueryNotSupported: define((f) => String(f.message ?? 'This query is not supported by the multi-stage query engine.'), false, ['message']),
  /** A native query's runtime failed inside the engine; `baseErrorMessage` is the underlying error's. */
  QueryRuntimeError: define((f) => String(f.message ?? 'Query runtime error'), false, ['message']),
  RowTooLarge: define((f) => `Encountered row that cannot fit in a single frame (max frame size = ${bytes(f.maxFrameSize)})`),
  TooManyBuckets: define((f) => `Too many partition buckets (max = ${f.maxBuckets}); try breaking your query up into smaller queries or using a wider PARTITIONED BY`),
  TooManyClusteredByColumns: define((f) => `Too many cluster by columns present in stage [${f.stage}] (max = ${f.maxColumns}, actual = ${f.numColumns})`),
  TooManyColumns: define((f) => `Too many output columns (requested = ${f.numColumns}, max = ${f.maxColumns})`),
  TooManyInputFiles: define((f) => `Too many input files/segments [${f.numInputFiles}] encountered. Maximum input files/segments per worker is set to [${f.maxInputFiles}]. Try breaking your query up into smaller queries, or increasing the number of workers to at least [${f.minNumWorkers}] by setting maxNumTasks to [${Number(f.minNumWorkers) + 1}] in your query context.`),
  TooManyPartitions: define((f) => `Too many partitions (max = ${f.maxPartitions}); try breaking your query up into smaller queries, or using a larger target size`),
  TooManySegmentsInTimeChunk: define((f) => `Too many segments requested to be generated in time chunk [${f.timeChunk}] (requested = ${f.numSegments}, maximum = ${f.maxNumSegments}).`),
  TooManyWarnings: define((f) => `Too many warnings of type ${f.rootErrorCode} generated (max = ${f.maxWarnings})`),
  TooManyWorkers: define((f) => `Too many workers (current = ${f.workers}; max = ${f.maxWorkers})`),
  UnknownError: define((f) => String(f.message ?? 'Unknown error')),
} as const satisfies Record<string, FaultDefinition>;

export type FaultCode = keyof typeof FAULTS;

/**
 * The codes of Druid's MSQ error table (its SQL-based ingestion reference) that cannot happen in
 * Silt, each with the reason.
 */
export const FAULTS_NOT_RAISED = {
  DurableStorageConfiguration: "Silt's shuffles are always files on the server's disk, so durable shuffle storage is always configured.",
  InsertCannotOrderByDescending: 'CLUSTERED BY … DESC is refused when the statement is validated (a 400), as current Druid refuses it.',
  InsertCannotReplaceExistingSegment:
    "Druid's controller raised it when a REPLACE would drop an existing segment reaching outside the OVERWRITE bounds, until tombstones " +
    'replaced that check (apache/druid#13706); current Druid covers the part inside the bounds with tombstones ' +
    '(MSQReplaceTest#testReplaceTombstonesOverPartiallyOverlappingSegments, pinned in test/sql/replace.slt), and so does Silt.',
  TaskStartTimeout: 'Workers are actors in the server process, started at once: there are no worker tasks to launch.',
  WorkerFailed: 'Workers run in the server process; a worker that fails reports its own fault (UnknownError for an unexpected error).',
  WorkerRpcFailed: 'Workers reach the controller in process, without RPC.',
} as const satisfies Record<string, string>;

/** Builds a fault: the code's message from its extra fields, plus the fields themselves. */
export function fault(errorCode: FaultCode, extra: Record<string, unknown> = {}): Fault {
  const def: FaultDefinition = FAULTS[errorCode];
  const errorMessage = def.message(extra);
  const reported = Object.fromEntries(Object.entries(extra).filter(([k]) => !def.messageOnly.includes(k)));
  return Object.freeze({ errorCode, errorMessage, ...reported });
}

/** An Error that carries a fault; thrown by workers and processors, caught by the controller. */
export class FaultError extends Error {
  readonly fault: Fault;
  constructor(f: Fault) {
    super(f.errorMessage);
    this.name = 'FaultError';
    this.fault = f;
  }
}

/** Turns anything thrown into a fault: a FaultError's own, otherwise UnknownError with the message. */
export function toFault(error: unknown): Fault {
  if (error instanceof FaultError) return error.fault;
  if (error && typeof error === 'object' && 'fault' in error && isFault((error as { fault: unknown }).fault)) {
    return (error as { fault: Fault }).fault;
  }
  const message = error instanceof Error ? error.message : String(error);
  return fault('UnknownError', { message });
}

function isFault(x: unknown): x is Fault {
  return !!x && typeof x === 'object' && typeof (x as Fault).errorCode === 'string' && (x as Fault).errorCode in FAULTS;
}
