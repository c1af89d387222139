import { validateInputFormat, validateInputSource } from '@silt/input';
import { z } from 'zod';
import { parseWith, specError, type SpecPath, withPath } from './spec-error.ts';
import { boolField } from './tuning/spec-scalars.ts';

/** `spec.ioConfig` of an `index` / `index_parallel` task, validated. */
export interface IoConfig {
  readonly inputSource: Readonly<Record<string, unknown>>;
  /** The input format; null for input sources that need none (`sql`, `druid`). */
  readonly inputFormat: Readonly<Record<string, unknown>> | null;
  readonly appendToExisting: boolean;
  readonly dropExisting: boolean;
  /** The ioConfig as Druid echoes it. */
  readonly json: Readonly<Record<string, unknown>>;
}

const record = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

const schema = z.object({
  type: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
  inputSource: z.unknown().optional(),
  inputFormat: record.nullish(),
  appendToExisting: boolField.nullish(),
  dropExisting: boolField.nullish(),
  firehose: z.unknown().optional(),
});

/** Input sources whose rows come without an input format. */
const FORMATLESS = new Set(['sql', 'druid']);

/**
 * Parses `spec.ioConfig`. Its `type` must be the task type. The input source and format are checked
 * with the input package's validators; a format is required unless the source is `sql` or `druid`.
 * The legacy `firehose` is refused (use `inputSource`).
 */
export function parseIoConfig(value: unknown, taskType: 'index' | 'index_parallel', path: SpecPath): IoConfig {
  const io = parseWith(schema, value, path);
  if (io.type !== taskType) throw specError([...path, 'type'], `must be [${taskType}] for a task of type [${taskType}], got [${io.type}]`);
  if (io.firehose != null) throw specError([...path, 'firehose'], 'firehoses are not supported; use inputSource and inputFormat');
  if (io.inputSource == null) throw specError([...path, 'inputSource'], 'is required');
  withPath([...path, 'inputSource'], () => validateInputSource(io.inputSource));
  const inputSource = io.inputSource as Record<string, unknown>;
  const inputFormat = io.inputFormat ?? null;
  if (inputFormat) withPath([...path, 'inputFormat'], () => validateInputFormat(inputFormat));
  else if (!FORMATLESS.has(String(inputSource.type))) throw specError([...path, 'inputFormat'], `is required for input source type [${String(inputSource.type)}]`);
  const appendToExisting = io.appendToExisting ?? false;
  const dropExisting = io.dropExisting ?? false;
  return {
    inputSource,
    inputFormat,
    appendToExisting,
    dropExisting,
    json: { type: taskType, inputSource, inputFormat, appendToExisting, dropExisting },
  };
}
