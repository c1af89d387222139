import { execFileSync } from 'node:child_process';

/** Whether a command-line tool (bzip2, xz, zstd, zip …) is installed, for tests and benches that shell out to it. */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
