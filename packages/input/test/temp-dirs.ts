import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const created: string[] = [];

/** A fresh directory under os.tmpdir(), removed by {@link removeTempDirs}. */
export function makeTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'silt-input-'));
  created.push(dir);
  return dir;
}

/** Removes every directory made by {@link makeTempDir}; call from `afterAll`. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
