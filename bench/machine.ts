/**
 * A description of the machine and software a run measured, printed at the top of the report.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { MachineInfo } from './bench-result.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function siltCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Cores, memory, OS, load, Node, the given DuckDB version and the Silt commit. */
export function machineInfo(duckdbVersion: string): MachineInfo {
  const cores = cpus();
  return {
    cores: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    platform: `${type()} ${release()}`,
    node: process.version,
    duckdb: duckdbVersion,
    loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
    siltCommit: siltCommit(),
  };
}

/** One line for the report header. */
export function describeMachine(machine: MachineInfo): string {
  return (
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `${machine.platform}, load ${machine.loadAverage.join(' ')}; Node ${machine.node}; DuckDB ${machine.duckdb}; Silt ${machine.siltCommit}`
  );
}
