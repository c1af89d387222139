/** Plain TypeScript count of `\n` bytes, the reference `Kernels.countNewlines` is tested against. */
export function countNewlinesReference(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) count++;
  return count;
}
