import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RowSignature } from '@silt/common';
import protobuf from 'protobufjs';
import { FileDescriptorSet } from 'protobufjs/ext/descriptor.js';
import { afterAll, describe, expect, it } from 'vitest';
import { readAll } from './read-all.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

afterAll(removeTempDirs);

const PROTO = `
syntax = "proto3";
package metrics;
message Metric {
  enum Unit { UNKNOWN = 0; MILLIS = 1; BYTES = 2; }
  message Host { string name = 1; int32 rack = 2; }
  string metric_name = 1;
  int64 value = 2;
  Unit unit = 3;
  repeated string tags = 4;
  map<string, int64> counts = 5;
  Host host = 6;
  bytes payload = 7;
  double ratio = 8;
}
message Other { string x = 1; }
`;

/** Writes the descriptor set (as `protoc -o` does) and one message per file; returns their paths. */
function fixture(messages: Record<string, unknown>[]) {
  const dir = makeTempDir();
  const root = protobuf.parse(PROTO).root;
  const descriptor = path.join(dir, 'metrics.desc');
  const descriptorBytes = FileDescriptorSet.encode(root.toDescriptor('proto3')).finish();
  writeFileSync(descriptor, descriptorBytes);
  const type = root.lookupType('metrics.Metric');
  messages.forEach((m, i) => writeFileSync(path.join(dir, `m${i + 1}.pb`), type.encode(type.fromObject(m)).finish()));
  return { dir, descriptor, descriptorBytes };
}

const SIGNATURE: RowSignature = [
  { name: 'metricName', type: 'STRING' },
  { name: 'value', type: 'LONG' },
  { name: 'unit', type: 'STRING' },
  { name: 'tags', type: 'STRING' },
  { name: 'hostName', type: 'STRING' },
  { name: 'pageviews', type: 'LONG' },
  { name: 'payload', type: 'STRING' },
  { name: 'ratio', type: 'DOUBLE' },
];
const FLATTEN = {
  fields: [
    { type: 'path', name: 'hostName', expr: '$.host.name' },
    { type: 'path', name: 'pageviews', expr: '$.counts.pageviews' },
  ],
};

describe('protobuf input format', () => {
  const messages = [
    { metricName: 'cpu', value: 9007199254740991, unit: 1, tags: ['a', 'b'], counts: { pageviews: 12 }, host: { name: 'h1', rack: 3 }, payload: Buffer.from('hi'), ratio: 0.25 },
    { metricName: 'mem', value: 0, tags: [] },
  ];

  it('decodes one message per file by JSON field names, with a path flattenSpec', async () => {
    const { dir, descriptor } = fixture(messages);
    const format = { type: 'protobuf', flattenSpec: FLATTEN, protoBytesDecoder: { type: 'file', descriptor: pathToFileURL(descriptor).href, protoMessageType: 'Metric' } };
    const { rows, errors, chunks } = await readAll({ type: 'local', baseDir: dir, filter: '*.pb' }, format, SIGNATURE);
    expect(errors).toEqual([]);
    expect(chunks.map((c) => [c.firstRecord, c.context?.kind])).toEqual([
      [1, 'protobuf'],
      [1, 'protobuf'],
    ]);
    expect(rows).toEqual([
      ['cpu', 9007199254740991, 'MILLIS', ['a', 'b'], 'h1', 12, Buffer.from('hi').toString('base64'), 0.25],
      // proto3 fields left at their defaults are not set, as in Druid (getAllFields).
      ['mem', null, null, null, null, null, null, null],
    ]);
  });

  it('takes an inline Base64 descriptor and the first message type by default', async () => {
    const { dir, descriptorBytes } = fixture(messages.slice(0, 1));
    const format = { type: 'protobuf', protoBytesDecoder: { type: 'inline', descriptorString: Buffer.from(descriptorBytes).toString('base64') } };
    const { rows } = await readAll({ type: 'local', baseDir: dir, filter: '*.pb' }, format, SIGNATURE.slice(0, 3));
    expect(rows).toEqual([['cpu', 9007199254740991, 'MILLIS']]);
  });

  it('reports a message that does not decode, and an unknown message type', async () => {
    const { dir, descriptor } = fixture([]);
    writeFileSync(path.join(dir, 'bad.pb'), Uint8Array.of(0x0a, 0x7f, 0x01));
    const format = { type: 'protobuf', protoBytesDecoder: { type: 'file', descriptor, protoMessageType: 'metrics.Metric' } };
    const { errors } = await readAll({ type: 'local', baseDir: dir, filter: '*.pb' }, format, SIGNATURE);
    expect(errors.map((e) => [e.recordNumber, e.excerpt])).toEqual([[1, '0a7f01']]);
    expect(errors[0]!.reason).toMatch(/^Failed to decode protobuf message with the provided descriptor \[metrics\.Metric\]: /);
    const unknown = { type: 'protobuf', protoBytesDecoder: { type: 'file', descriptor, protoMessageType: 'Nope' } };
    await expect(readAll({ type: 'local', baseDir: dir, filter: '*.pb' }, unknown, SIGNATURE)).rejects.toThrow(
      "Protobuf message type 'Nope' not found in the descriptor set. Available message types are [metrics.Metric, metrics.Metric.Host, metrics.Other]",
    );
  });
});
