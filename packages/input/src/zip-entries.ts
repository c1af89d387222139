import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

const NL = 0x0a;

/**
 * The bytes of every file entry of a local zip archive, in the order of its central directory, as one
 * stream. Directory entries are skipped. When an entry does not end with a newline, one is inserted
 * before the next entry's bytes, so the last record of one entry never runs into the first record of
 * the next. Entries are inflated as they stream; only the central directory is held in memory.
 *
 * Druid itself reads only the first entry of a `.zip` input; Silt reads them all, so an archive of
 * several files ingests every file.
 *
 * A zip archive is read from its end (the central directory), so it needs a local file: callers
 * download remote archives to a temporary file first.
 *
 * @throws Error (from yauzl) when the archive is not valid zip; the caller names the file.
 * @example
 * for await (const piece of zipEntryBytes('/data/events.zip')) consume(piece);
 */
export async function* zipEntryBytes(file: string): AsyncIterable<Uint8Array> {
  const zip = await promisify<string, yauzl.Options, ZipFile>(yauzl.open)(file, { lazyEntries: true, autoClose: false });
  try {
    let last = NL;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await promisify<Entry, NodeJS.ReadableStream>(zip.openReadStream.bind(zip))(entry);
      let started = false;
      for await (const piece of stream as AsyncIterable<Buffer>) {
        if (piece.length === 0) continue;
        if (!started && last !== NL) yield Uint8Array.of(NL);
        started = true;
        last = piece[piece.length - 1]!;
        yield piece;
      }
    }
  } finally {
    zip.close();
  }
}

/** The next entry of the central directory, or null at its end. */
function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}
