import { statSync } from 'node:fs';
import { SegmentFile } from '@silt/segment';

/**
 * The segments a pool thread has read, kept open with the columns they decoded, least recently used
 * first out once they hold more than the budget. Repeated queries over the same segments then skip
 * reading, decompressing and decoding, as Druid's memory-mapped segments and DuckDB's buffer pool
 * skip the disk. Segment files are immutable; an entry is keyed by path, size and mtime all the
 * same, so a file written anew at a path is never answered from an old entry.
 */
export class SegmentCache {
  private readonly entries = new Map<string, { readonly key: string; readonly file: SegmentFile }>();

  constructor(private readonly budgetBytes: number) {}

  /** The segment at `path`, opened (header only) when it is not held. */
  open(path: string): SegmentFile {
    const { size, mtimeMs } = statSync(path);
    const key = `${size}:${mtimeMs}`;
    const held = this.entries.get(path);
    this.entries.delete(path);
    const file = held?.key === key ? held.file : SegmentFile.openSync(path);
    this.entries.set(path, { key, file });
    return file;
  }

  /** Drops the least recently used segments until the rest fit the budget (call after reading). */
  trim(): void {
    let total = 0;
    for (const { file } of this.entries.values()) total += file.retainedBytes();
    for (const [path, { file }] of this.entries) {
      if (total <= this.budgetBytes) break;
      total -= file.retainedBytes();
      this.entries.delete(path);
    }
  }
}
