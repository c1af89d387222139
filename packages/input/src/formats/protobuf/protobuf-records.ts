import protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor.js';
import { invalidInput } from '@silt/common';
import type { ProtobufInputFormat } from '../binary-format-spec.ts';
import { type NestedRecordSink, recordError, writeNestedRecord } from '../nested-records.ts';
import type { ProtobufChunkContext } from './protobuf-chunks.ts';

type PbType = protobuf.Type;

let cached: { key: string; type: PbType } | null = null;

/**
 * The message type to decode with: `protoMessageType` matched against short names, full names and
 * `Parent.Nested` names (a leading `.` is ignored); without it, the first message type of the set.
 *
 * @throws DruidError (invalidInput) when the set has no such message type.
 */
function messageType(descriptorSet: Uint8Array, protoMessageType: string | null): PbType {
  const key = `${Buffer.from(descriptorSet).toString('base64')}\u0000${protoMessageType ?? ''}`;
  if (cached?.key === key) return cached.type;
  let root: protobuf.Root;
  try {
    root = protobuf.Root.fromDescriptor(descriptorSet);
    root.resolveAll();
  } catch (error) {
    throw invalidInput(`Invalid protobuf descriptor: ${(error as Error).message}`);
  }
  const types = allTypes(root);
  const wanted = protoMessageType?.replace(/^\./, '') ?? null;
  const type = wanted === null ? types[0] : types.find((t) => t.name === wanted || t.fullName.slice(1) === wanted || t.fullName.slice(1).endsWith(`.${wanted}`));
  if (!type) {
    throw invalidInput(
      wanted === null ? 'No message types found in the descriptor set.' : `Protobuf message type '${wanted}' not found in the descriptor set. Available message types are [${types.map((t) => t.fullName.slice(1)).join(', ')}]`,
    );
  }
  cached = { key, type };
  return type;
}

function allTypes(namespace: protobuf.NamespaceBase): PbType[] {
  const found: PbType[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) found.push(nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) found.push(...allTypes(nested));
  }
  return found.filter((t) => !t.fullName.startsWith('.google.protobuf.'));
}

/**
 * Decodes the chunk (one whole message) and writes it as one row, as Druid's ProtobufConverter turns
 * messages into maps: fields that are set, by their JSON (lowerCamelCase) names; enums by name; bytes as
 * bytes; 64-bit integers as numbers; well-known types unwrapped (wrappers to their value, Timestamp and
 * Duration to their JSON text, Struct/Value/ListValue to plain JSON values). A message that does not
 * decode is a parse error (record 1). Returns 1.
 */
export function parseProtobufChunk(sink: NestedRecordSink, context: ProtobufChunkContext, format: ProtobufInputFormat): number {
  const type = messageType(context.descriptorSet, format.protoBytesDecoder.protoMessageType);
  let message: protobuf.Message;
  try {
    message = type.decode(sink.chunk.bytes);
  } catch (error) {
    recordError(sink, 1, sink.chunk.bytes, `Failed to decode protobuf message with the provided descriptor [${type.fullName.slice(1)}]: ${(error as Error).message}`);
    return 1;
  }
  writeNestedRecord(sink, convertMessage(type, message), 1);
  return 1;
}

const WRAPPERS = new Set(['BoolValue', 'Int32Value', 'UInt32Value', 'Int64Value', 'UInt64Value', 'StringValue', 'BytesValue', 'FloatValue', 'DoubleValue'].map((n) => `.google.protobuf.${n}`));

function convertMessage(type: PbType, message: protobuf.Message | Record<string, unknown>): unknown {
  const fields = message as unknown as Record<string, unknown>;
  const special = wellKnown(type, fields);
  if (special !== undefined) return special;
  const out: Record<string, unknown> = {};
  // Decoding sets own properties only for fields on the wire (defaults live on the prototype), which
  // is what Druid's getAllFields() lists.
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(fields, field.name)) continue;
    const value = fields[field.name];
    if (value === undefined || value === null) continue;
    if (field.map) {
      if (Object.keys(value as object).length === 0) continue;
      const map: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as object)) map[k] = convertValue(field, v);
      out[field.name] = map;
    } else if (field.repeated) {
      if ((value as unknown[]).length === 0) continue;
      out[field.name] = (value as unknown[]).map((v) => convertValue(field, v));
    } else {
      out[field.name] = convertValue(field, value);
    }
  }
  return out;
}

function convertValue(field: protobuf.Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return convertMessage(resolved, value as protobuf.Message);
  if (resolved instanceof protobuf.Enum) {
    if (resolved.fullName === '.google.protobuf.NullValue') return null;
    return resolved.valuesById[value as number] ?? value;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === 'object' && value !== null) return Number(value.toString());
  return value;
}

function wellKnown(type: PbType, message: Record<string, unknown>): unknown {
  const name = type.fullName;
  if (WRAPPERS.has(name)) return convertValue(type.fields.value!, message.value);
  switch (name) {
    case '.google.protobuf.Timestamp':
      return new Date(Number(String(message.seconds ?? 0)) * 1000 + Math.floor(Number(message.nanos ?? 0) / 1e6)).toISOString();
    case '.google.protobuf.Duration':
      return `${Number(String(message.seconds ?? 0)) + Number(message.nanos ?? 0) / 1e9}s`;
    case '.google.protobuf.Struct':
      return Object.fromEntries(Object.entries((message.fields as Record<string, Record<string, unknown>>) ?? {}).map(([k, v]) => [k, convertMessage(type.fields.fields!.resolvedType as PbType, v)]));
    case '.google.protobuf.Value': {
      const kind = type.fieldsArray.find((f) => Object.hasOwn(message, f.name) && message[f.name] !== null) ?? null;
      return kind ? convertValue(kind, message[kind.name]) : null;
    }
    case '.google.protobuf.ListValue':
      return ((message.values as Record<string, unknown>[]) ?? []).map((v) => convertMessage(type.fields.values!.resolvedType as PbType, v));
    default:
      return undefined;
  }
}
