/**
 * A minimal ORC writer for the format benchmark (no package on this machine writes ORC): STRING and
 * LONG columns, DIRECT encoding with integer RLE v1 literals, a PRESENT stream where a stripe column
 * has nulls, no compression, no indexes or statistics. Its files follow the ORC v1 specification as
 * `orc-proto.ts` describes it, and Silt's reader (tested on Druid's ORC files) reads them.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { encodeOrcMessage } from '../src/formats/orc/orc-proto.ts';

export type OrcColumnType = 'STRING' | 'LONG';
export type OrcValue = string | number | null;

/** Rows per stripe. */
const STRIPE_ROWS = 100_000;

/** Writes `rows` (one value per column, in `columns` order) as an ORC file at `path`, `stripeRows` rows a stripe. */
export function writeOrcFile(path: string, columns: readonly { readonly name: string; readonly type: OrcColumnType }[], rows: readonly (readonly OrcValue[])[], stripeRows = STRIPE_ROWS): void {
  const fd = openSync(path, 'w');
  let offset = 0;
  const write = (bytes: Uint8Array) => {
    writeSync(fd, bytes);
    offset += bytes.length;
  };
  try {
    write(Buffer.from('ORC'));
    const stripes: Record<string, number>[] = [];
    for (let first = 0; first < rows.length; first += stripeRows) {
      const slice = rows.slice(first, first + stripeRows);
      const streams: { kind: string; column: number; bytes: Uint8Array }[] = [];
      columns.forEach((c, i) => {
        const values = slice.map((r) => r[i] ?? null);
        const column = i + 1;
        if (values.includes(null)) streams.push({ kind: 'PRESENT', column, bytes: byteRle(packBits(values.map((v) => v !== null))) });
        const present = values.filter((v) => v !== null);
        if (c.type === 'LONG') {
          streams.push({ kind: 'DATA', column, bytes: integerRle(present.map(Number), true) });
        } else {
          const texts = present.map((v) => Buffer.from(String(v)));
          streams.push({ kind: 'DATA', column, bytes: Buffer.concat(texts) }, { kind: 'LENGTH', column, bytes: integerRle(texts.map((t) => t.length), false) });
        }
      });
      const stripeOffset = offset;
      for (const s of streams) write(s.bytes);
      const dataLength = offset - stripeOffset;
      const footer = encodeOrcMessage('StripeFooter', {
        streams: streams.map((s) => ({ kind: s.kind, column: s.column, length: s.bytes.length })),
        columns: [{ kind: 'DIRECT' }, ...columns.map(() => ({ kind: 'DIRECT' }))],
        writerTimezone: 'UTC',
      });
      write(footer);
      stripes.push({ offset: stripeOffset, indexLength: 0, dataLength, footerLength: footer.length, numberOfRows: slice.length });
    }
    const contentLength = offset;
    const footer = encodeOrcMessage('Footer', {
      headerLength: 3,
      contentLength,
      stripes,
      types: [{ kind: 'STRUCT', subtypes: columns.map((_, i) => i + 1), fieldNames: columns.map((c) => c.name) }, ...columns.map((c) => ({ kind: c.type }))],
      numberOfRows: rows.length,
    });
    write(footer);
    const postscript = encodeOrcMessage('PostScript', { footerLength: footer.length, compression: 'NONE', compressionBlockSize: 262_144, version: [0, 12], metadataLength: 0, magic: 'ORC' });
    write(postscript);
    write(Uint8Array.of(postscript.length));
  } finally {
    closeSync(fd);
  }
}

/** Booleans packed most significant bit first, as ORC's boolean streams hold them. */
function packBits(bits: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 0x80 >> (i & 7);
  });
  return out;
}

/** Byte RLE with literal runs only: a header of −count (as a byte), then up to 128 bytes. */
function byteRle(bytes: Uint8Array): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < bytes.length; i += 128) {
    const run = bytes.subarray(i, i + 128);
    parts.push(256 - run.length, ...run);
  }
  return Uint8Array.from(parts);
}

/** Integer RLE v1 with literal runs only: a header of −count, then up to 128 base-128 varints (zigzag when signed). */
function integerRle(values: readonly number[], signed: boolean): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += 128) {
    const run = values.slice(i, i + 128);
    out.push(256 - run.length);
    for (const v of run) varint(out, signed ? zigzag(v) : BigInt(v));
  }
  return Uint8Array.from(out);
}

function zigzag(v: number): bigint {
  const n = BigInt(v);
  return n >= 0n ? n << 1n : (-n << 1n) - 1n;
}

function varint(out: number[], value: bigint): void {
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}
