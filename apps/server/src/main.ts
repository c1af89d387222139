import { Silt } from '@silt/silt';
import { buildApp } from './app.ts';
import { SERVER_USAGE, type ServerArgs, parseServerArgs, wantsHelp } from './server-args.ts';

const argv = process.argv.slice(2);
if (wantsHelp(argv)) {
  process.stdout.write(`${SERVER_USAGE}\n`);
  process.exit(0);
}
let args: ServerArgs;
try {
  args = parseServerArgs(argv, process.env);
} catch (e) {
  // A mistyped flag or value is the user's: say what it was, not where in Node it was noticed.
  process.stderr.write(`silt-server: ${(e as Error).message}\n${SERVER_USAGE}\n`);
  process.exit(2);
}
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
