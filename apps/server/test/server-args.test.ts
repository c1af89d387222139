import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseServerArgs } from '../src/server-args.ts';

/** The built server, run with `args` until it exits (it must, before listening). */
function runServer(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const { status, stdout, stderr } = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status, stdout, stderr };
}

describe('server arguments', () => {
  it('defaults to port 8888 and ./var', () => {
    expect(parseServerArgs([], {})).toEqual({ port: 8888, host: '0.0.0.0', dataDir: './var', exportDir: undefined, workerMemory: undefined, threads: undefined });
  });
  it('reads the environment, and flags win over it', () => {
    expect(parseServerArgs([], { SILT_PORT: '9000', SILT_DATA_DIR: '/data' })).toMatchObject({ port: 9000, dataDir: '/data' });
    expect(parseServerArgs(['--port', '9100', '--data-dir', '/x'], { SILT_PORT: '9000', SILT_DATA_DIR: '/data' })).toMatchObject({ port: 9100, dataDir: '/x' });
  });
  it('reads the worker memory in bytes, or with k / m / g', () => {
    expect(parseServerArgs([], { SILT_WORKER_MEMORY: '20000000' }).workerMemory).toBe(20_000_000);
    expect(parseServerArgs(['--worker-memory', '2g'], { SILT_WORKER_MEMORY: '1' }).workerMemory).toBe(2 * 1024 ** 3);
    expect(parseServerArgs(['--worker-memory', '512M'], {}).workerMemory).toBe(512 * 1024 ** 2);
    for (const bad of ['0', '-1', '1.5g', 'lots']) expect(() => parseServerArgs([], { SILT_WORKER_MEMORY: bad })).toThrow(/Invalid worker memory/);
  });
  it('reads the processing threads', () => {
    expect(parseServerArgs([], { SILT_THREADS: '1' }).threads).toBe(1);
    expect(parseServerArgs(['--threads', '4'], { SILT_THREADS: '1' }).threads).toBe(4);
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => parseServerArgs([], { SILT_THREADS: bad })).toThrow(/Invalid threads/);
  });
  it('refuses a bad port and unknown flags', () => {
    expect(() => parseServerArgs(['--port', 'abc'], {})).toThrow(/Invalid port/);
    expect(() => parseServerArgs(['--prot', '1'], {})).toThrow();
  });
  it('prints its usage for --help and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const run = runServer([flag]);
      expect(run.status, flag).toBe(0);
      expect(run.stdout).toMatch(/^usage: silt-server /);
      for (const option of ['--port', '--host', '--data-dir', '--export-dir', '--worker-memory', '--threads']) expect(run.stdout).toContain(option);
    }
  });
  it('answers a bad command line with what was wrong and the usage, no stack trace, and exit code 2', () => {
    for (const [args, message] of [
      [['--prot', '1'], "silt-server: Unknown option '--prot'"],
      [['--threads', 'two'], 'silt-server: Invalid threads [two]: give a positive number of processing threads'],
    ] as const) {
      const run = runServer([...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(message);
      expect(run.stderr).toContain('usage: silt-server');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
