import type { StringColumn } from './column.ts';

/**
 * A string dictionary in the form a frame's string block stores: entry `i` is the UTF-8 bytes
 * `bytes[offsets[i], offsets[i + 1])` (`offsets[0]` is 0), and the first `asciiCount` entries are
 * ASCII. A producer that has its strings as bytes (the NDJSON scanner) gives its columns this
 * form: the frame encoder writes it as it is, and the strings are decoded only if something reads
 * them, so a column that only passes through is never made of JavaScript strings.
 */
export interface Utf8Dictionary {
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
  readonly asciiCount: number;
}

const decoded = new WeakMap<Utf8Dictionary, readonly string[]>();

/** The strings of a UTF-8 dictionary, decoded once and shared by every column that holds it. */
export function decodeUtf8Dictionary(utf8: Utf8Dictionary): readonly string[] {
  let strings = decoded.get(utf8);
  if (!strings) {
    strings = decodeStrings(utf8);
    decoded.set(utf8, strings);
  }
  return strings;
}

/** Decodes every entry: the ASCII ones with one decoder call, each a slice of its text. */
export function decodeStrings({ bytes, offsets, asciiCount }: Utf8Dictionary): string[] {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const strings = new Array<string>(offsets.length - 1);
  const text = asciiCount > 0 ? data.toString('latin1', 0, offsets[asciiCount]) : '';
  for (let i = 0; i < asciiCount; i++) strings[i] = text.slice(offsets[i]!, offsets[i + 1]!);
  for (let i = asciiCount; i < strings.length; i++) strings[i] = data.toString('utf8', offsets[i]!, offsets[i + 1]!);
  return strings;
}

/**
 * Most characters of a dictionary encoded as one joined string. The join is a transient copy of
 * the text: joining the megabytes of a run frame's strings raised the ingest's peak RSS by about
 * 50 MiB, while the many short values this pays off for (group keys) fit well under it.
 */
const MAX_JOINED_CHARS = 1 << 20;

/**
 * The UTF-8 dictionary of `strings`, in their order; `asciiCount` counts the ASCII strings they
 * start with. A small dictionary of all-ASCII strings (the usual case) is joined and written in one
 * call, its offsets being the lengths; otherwise one pass of `write` into a buffer sized for the
 * worst case.
 */
export function encodeUtf8Dictionary(strings: readonly string[]): Utf8Dictionary {
  const offsets = new Uint32Array(strings.length + 1);
  let chars = 0;
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = chars += strings[i]!.length;
  const buffer = Buffer.allocUnsafe(chars * 3);
  // As many UTF-8 bytes as UTF-16 units: every character was ASCII.
  if (chars <= MAX_JOINED_CHARS && buffer.write(strings.join(''), 0, 'utf8') === chars) return { bytes: buffer.subarray(0, chars), offsets, asciiCount: strings.length };
  let at = 0;
  let asciiCount = -1;
  for (let i = 0; i < strings.length; i++) {
    const written = buffer.write(strings[i]!, at, 'utf8');
    if (asciiCount < 0 && written !== strings[i]!.length) asciiCount = i;
    at += written;
    offsets[i + 1] = at;
  }
  return { bytes: buffer.subarray(0, at), offsets, asciiCount: asciiCount < 0 ? strings.length : asciiCount };
}

/**
 * A string column over a UTF-8 dictionary. Its `dictionary` is decoded on first read, and then
 * becomes a plain property, so reading it row by row costs no more than any column's.
 */
export function utf8StringColumn(ids: Int32Array, utf8: Utf8Dictionary): StringColumn {
  return {
    kind: 'string',
    ids,
    utf8,
    get dictionary(): readonly string[] {
      const dictionary = decodeUtf8Dictionary(utf8);
      Object.defineProperty(this, 'dictionary', { value: dictionary, enumerable: true });
      return dictionary;
    },
  };
}

/** A column with `column`'s dictionary and other rows (`ids`): a UTF-8 dictionary is kept, not decoded. */
export function withIds(column: StringColumn, ids: Int32Array): StringColumn {
  return column.utf8 ? utf8StringColumn(ids, column.utf8) : { kind: 'string', ids, dictionary: column.dictionary };
}
