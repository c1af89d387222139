import { type FileMetaData, parquetMetadata } from 'hyparquet';
import { cannotReadInput } from '../../input-faults.ts';
import type { InputSplit } from '../../input-split.ts';
import type { RecordChunk } from '../../record-chunk.ts';
import { openRandomAccess } from '../random-access-file.ts';

/**
 * Parquet files as record chunks. A Parquet file ends with its footer:
 *
 * ```
 * "PAR1" | row group 0 column chunks | … | row group n-1 column chunks | footer | footer length (u32 LE) | "PAR1"
 * ```
 *
 * The footer (Thrift compact FileMetaData) locates every column chunk of every row group. Chunks are
 * cut along row groups: consecutive row groups are put together until their bytes reach the target
 * size, so a chunk holds at least one whole row group, and memory is bounded by the largest row group.
 */
export interface ParquetChunkContext {
  readonly kind: 'parquet';
  /** The footer and the 8 bytes after it (length and magic): enough for `parquetMetadata`. */
  readonly footer: Uint8Array;
  /** Indexes of the row groups whose column chunks are in the chunk's bytes. */
  readonly rowGroups: readonly number[];
  /** File offset of the chunk's first byte. */
  readonly offset: number;
}

const MAGIC = new TextEncoder().encode('PAR1');

/**
 * Byte range of a row group's column chunks in the file. A column chunk starts at its dictionary page
 * when it has one (some writers leave `dictionary_page_offset` 0 or past the data when there is none).
 */
export function rowGroupRange(metadata: FileMetaData, index: number): { start: number; end: number } {
  let start = Infinity;
  let end = 0;
  for (const column of metadata.row_groups[index]!.columns) {
    const meta = column.meta_data;
    if (!meta) throw cannotReadInput(`Parquet row group ${index} has a column chunk without metadata`);
    const first = columnChunkStart(meta);
    start = Math.min(start, first);
    end = Math.max(end, first + Number(meta.total_compressed_size));
  }
  return { start, end };
}

/** File offset of a column chunk's first page. */
export function columnChunkStart(meta: { readonly dictionary_page_offset?: bigint; readonly data_page_offset: bigint }): number {
  const data = Number(meta.data_page_offset);
  const dictionary = Number(meta.dictionary_page_offset ?? 0);
  return dictionary > 0 && dictionary < data ? dictionary : data;
}

/**
 * Streams a Parquet split as chunks of whole row groups (see {@link ParquetChunkContext}); each
 * chunk's `firstRecord` is the 1-based index of its first row in the file.
 *
 * @throws FaultError (CannotParseExternalData) when the file is not Parquet or its footer is corrupt.
 */
export async function* parquetChunks(split: InputSplit, targetBytes: number): AsyncIterable<RecordChunk> {
  const file = await openRandomAccess(split, MAGIC);
  try {
    if (file.size < 12) throw cannotReadInput(`[${split.source}] is not a Parquet file: it is only ${file.size} bytes long`);
    const tail = await file.read(file.size - 8, 8);
    const footerLength = new DataView(tail.buffer).getUint32(0, true);
    if (!MAGIC.every((b, i) => tail[4 + i] === b) || footerLength + 12 > file.size) {
      throw cannotReadInput(`[${split.source}] is not a Parquet file: no valid footer at its end`);
    }
    const footer = await file.read(file.size - 8 - footerLength, footerLength + 8);
    let metadata: FileMetaData;
    try {
      metadata = parquetMetadata(footer.buffer as ArrayBuffer);
    } catch (error) {
      throw cannotReadInput(`Cannot read the Parquet footer of [${split.source}]: ${(error as Error).message}`);
    }
    let firstRow = 0;
    for (let group = 0; group < metadata.row_groups.length; ) {
      const { start } = rowGroupRange(metadata, group);
      let end = start;
      const groups: number[] = [];
      let rows = 0;
      do {
        end = Math.max(end, rowGroupRange(metadata, group).end);
        rows += Number(metadata.row_groups[group]!.num_rows);
        groups.push(group++);
      } while (group < metadata.row_groups.length && end - start < targetBytes);
      if (rows > 0) {
        const context: ParquetChunkContext = { kind: 'parquet', footer: footer.slice(), rowGroups: groups, offset: start };
        yield { bytes: await file.read(start, end - start), source: split.source, firstRecord: firstRow + 1, context };
      }
      firstRow += rows;
    }
  } finally {
    await file.close();
  }
}
