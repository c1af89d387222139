#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ingestCommand } from './ingest-command.ts';

const USAGE = `usage: silt ingest <spec.json> [--url http://localhost:8888]
  Submits a native index / index_parallel spec and shows its progress until it ends.`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { url: { type: 'string' }, help: { type: 'boolean' } } });
const [command, file] = positionals;
const url = (values.url ?? process.env.SILT_URL ?? 'http://localhost:8888').replace(/\/$/, '');

if (values.help || command !== 'ingest' || !file) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}
process.exit(await ingestCommand(file, url, process.stderr));
