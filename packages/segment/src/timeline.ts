/**
 * Druid's versioned interval timeline: which published segments a query sees.
 *
 * Segments group into chunks by (dataSource, interval, version). A chunk counts only once its core
 * partition set is complete (partitions 0 … core − 1 all present; appended partitions numbered at or
 * above the core size ride along and never block completeness; a core size of 0 means the chunk is
 * complete with any partitions). At every instant the complete chunk with the highest version wins
 * (versions compare as strings), so a newer chunk over part of an older one leaves the older one
 * visible around it. Incomplete chunks are invisible and overshadow nothing. Tombstones take part
 * like any chunk: they overshadow older data and are reported visible, to be skipped by callers
 * (`shardSpec.type === 'tombstone'`).
 */
import { DruidError, formatInterval, type Interval } from '@silt/common';
import { corePartitions, type DataSegment } from './data-segment.ts';
import { segmentIdString } from './segment-id.ts';

/** A segment and the sub-intervals of its interval in which it is visible. */
export interface VisibleSegment {
  readonly segment: DataSegment;
  /** Sorted, disjoint, non-abutting intervals. */
  readonly intervals: Interval[];
}

interface Chunk {
  readonly interval: Interval;
  readonly version: string;
  readonly segments: DataSegment[];
}

interface Piece {
  readonly chunk: Chunk;
  start: number;
  end: number;
}

/** Groups segments per data source into (interval, version) chunks, in first-seen order. */
function chunksByDataSource(segments: readonly DataSegment[]): Map<string, Chunk[]> {
  const byKey = new Map<string, Chunk>();
  const out = new Map<string, Chunk[]>();
  for (const s of segments) {
    const key = `${s.dataSource}\u0000${s.interval.start}\u0000${s.interval.end}\u0000${s.version}`;
    let chunk = byKey.get(key);
    if (!chunk) {
      chunk = { interval: s.interval, version: s.version, segments: [] };
      byKey.set(key, chunk);
      const list = out.get(s.dataSource) ?? [];
      list.push(chunk);
      out.set(s.dataSource, list);
    }
    chunk.segments.push(s);
  }
  return out;
}

/** Whether the chunk holds its whole core partition set (Druid's PartitionHolder.isComplete). */
function isComplete(chunk: Chunk): boolean {
  const core = Math.max(...chunk.segments.map((s) => corePartitions(s.shardSpec)));
  if (core <= 0) return true;
  const present = new Set(chunk.segments.map((s) => s.shardSpec.partitionNum));
  for (let p = 0; p < core; p++) if (!present.has(p)) return false;
  return true;
}

/**
 * The visible timeline of one data source's complete chunks, clipped to `query`: maximal pieces in
 * time order, each won by one chunk.
 */
function visiblePieces(chunks: readonly Chunk[], query: Interval | undefined): Piece[] {
  const entries: { chunk: Chunk; start: number; end: number }[] = [];
  for (const chunk of chunks) {
    if (!isComplete(chunk)) continue;
    const start = query ? Math.max(query.start, chunk.interval.start) : chunk.interval.start;
    const end = query ? Math.min(query.end, chunk.interval.end) : chunk.interval.end;
    if (start < end) entries.push({ chunk, start, end });
  }
  entries.sort((a, b) => a.start - b.start);
  const bounds = [...new Set(entries.flatMap((e) => [e.start, e.end]))].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  let active: typeof entries = [];
  let next = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    active = active.filter((e) => e.end > from);
    while (next < entries.length && entries[next]!.start <= from) active.push(entries[next++]!);
    let winner: Chunk | undefined;
    for (const { chunk } of active) {
      if (!winner || chunk.version > winner.version) winner = chunk;
      else if (chunk.version === winner.version && chunk !== winner) {
        throw new DruidError(
          'DEFENSIVE',
          'defensive',
          `Cannot add overlapping segments [${formatInterval(winner.interval)} and ${formatInterval(chunk.interval)}] with the same version [${chunk.version}]`,
        );
      }
    }
    if (!winner) continue;
    const last = pieces[pieces.length - 1];
    if (last && last.chunk === winner && last.end === from) last.end = to;
    else pieces.push({ chunk: winner, start: from, end: to });
  }
  return pieces;
}

/**
 * For each segment visible (at least partly), the sub-intervals in which it is visible, clipped
 * to `query` when given (segments outside it are dropped). Segments of several data sources are
 * handled independently. Ordered by data source, then time, then partition number.
 *
 * @example
 * ```ts
 * // day: version v1 over 2015-09-12; hour: version v2 over 01:00–02:00 that day
 * visibleSegments([day, hour]).map((v) => v.intervals.map(formatInterval));
 * // [['2015-09-12T00:00:00.000Z/2015-09-12T01:00:00.000Z', '2015-09-12T02:00:00.000Z/2015-09-13T00:00:00.000Z'],
 * //  ['2015-09-12T01:00:00.000Z/2015-09-12T02:00:00.000Z']]
 * ```
 */
export function visibleSegments(segments: readonly DataSegment[], query?: Interval): VisibleSegment[] {
  const out: VisibleSegment[] = [];
  const byDataSource = chunksByDataSource(segments);
  for (const dataSource of [...byDataSource.keys()].sort()) {
    const pieces = visiblePieces(byDataSource.get(dataSource)!, query);
    const intervals = new Map<Chunk, Interval[]>();
    for (const p of pieces) {
      let list = intervals.get(p.chunk);
      if (!list) {
        list = [];
        intervals.set(p.chunk, list);
      }
      list.push({ start: p.start, end: p.end });
    }
    for (const [chunk, list] of intervals) {
      const sorted = [...chunk.segments].sort((a, b) => a.shardSpec.partitionNum - b.shardSpec.partitionNum);
      for (const segment of sorted) out.push({ segment, intervals: list.map((iv) => ({ ...iv })) });
    }
  }
  return out;
}

/**
 * Ids of segments fully overshadowed: their whole interval is covered, without gaps, by visible
 * complete chunks of strictly higher versions (Druid's `is_overshadowed`). Segments of incomplete
 * chunks are overshadowed only when so covered; otherwise they are neither visible nor overshadowed.
 */
export function overshadowedIds(segments: readonly DataSegment[]): Set<string> {
  const out = new Set<string>();
  for (const chunks of chunksByDataSource(segments).values()) {
    const pieces = visiblePieces(chunks, undefined);
    for (const chunk of chunks) {
      if (isCovered(pieces, chunk)) for (const s of chunk.segments) out.add(segmentIdString(s));
    }
  }
  return out;
}

function isCovered(pieces: readonly Piece[], chunk: Chunk): boolean {
  const { start, end } = chunk.interval;
  if (start >= end) return false;
  // First piece ending after the chunk's start.
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pieces[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  let covered = start;
  for (let i = lo; i < pieces.length && covered < end; i++) {
    const p = pieces[i]!;
    if (p.start > covered || !(p.chunk.version > chunk.version)) return false;
    covered = p.end;
  }
  return covered >= end;
}
