/**
 * `npm run bench`: Silt against DuckDB on the same generated files (see bench/README.md).
 * Prints progress, then the report; writes the result as JSON to `<data-dir>/last-run.json`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BenchUsageError, parseBenchArgs, USAGE } from './options.ts';
import { formatReport } from './report.ts';
import { runBench } from './suite.ts';

let options;
try {
  options = parseBenchArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (!options) {
  console.log(USAGE);
  process.exit(0);
}
const result = await runBench(options, (line) => console.error(line));
await mkdir(dirname(options.jsonPath), { recursive: true });
await writeFile(options.jsonPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\n${formatReport(result)}\n\nresult written to ${options.jsonPath}`);
if (result.checks.some((check) => !check.ok)) process.exitCode = 1;
