import type { ColumnType } from '@silt/common';

/** Druid's default `maxBytesPerString` of EARLIEST / LATEST / ANY_VALUE over strings. */
export const DEFAULT_MAX_STRING_BYTES = 1024;

/**
 * Cuts a STRING value to `maxBytes` UTF-16 code units, as Druid's first/last/any string aggregators
 * do ("fast and loose": characters, not bytes). Values of other types pass through.
 */
export function chopString(value: unknown, type: ColumnType, maxBytes: number): unknown {
  return type === 'STRING' && typeof value === 'string' && value.length > maxBytes ? value.slice(0, maxBytes) : value;
}
