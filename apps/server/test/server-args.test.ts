import { describe, expect, it } from 'vitest';
import { parseServerArgs } from '../src/server-args.ts';

describe('server arguments', () => {
  it('defaults to port 8888 and ./var', () => {
    expect(parseServerArgs([], {})).toEqual({ port: 8888, host: '0.0.0.0', dataDir: './var', exportDir: undefined });
  });
  it('reads the environment, and flags win over it', () => {
    expect(parseServerArgs([], { SILT_PORT: '9000', SILT_DATA_DIR: '/data' })).toMatchObject({ port: 9000, dataDir: '/data' });
    expect(parseServerArgs(['--port', '9100', '--data-dir', '/x'], { SILT_PORT: '9000', SILT_DATA_DIR: '/data' })).toMatchObject({ port: 9100, dataDir: '/x' });
  });
  it('refuses a bad port and unknown flags', () => {
    expect(() => parseServerArgs(['--port', 'abc'], {})).toThrow(/Invalid port/);
    expect(() => parseServerArgs(['--prot', '1'], {})).toThrow();
  });
});
