import { Silt } from '@silt/silt';
import { buildApp } from './app.ts';
import { parseServerArgs } from './server-args.ts';

const args = parseServerArgs(process.argv.slice(2), process.env);
const silt = await Silt.open({ dataDir: args.dataDir, exportBaseDir: args.exportDir, workerMemory: args.workerMemory, threads: args.threads, location: { host: 'localhost', port: args.port } });
const app = buildApp(silt, { logger: true });

const stop = async () => {
  await app.close();
  await silt.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

await app.listen({ port: args.port, host: args.host });
