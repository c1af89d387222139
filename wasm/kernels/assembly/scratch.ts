/**
 * The kernels' scratch memory: one region of linear memory starting at `SCRATCH_BASE` (the first
 * 16-byte boundary after the static data). Kernels never allocate; the host lays its inputs and
 * outputs out in this region, as each kernel's header documents, after sizing it with `reserve`.
 */

/** First byte of the scratch region (16-byte aligned). */
const SCRATCH_BASE: usize = (__heap_base + 15) & ~(<usize>15);

/**
 * Makes sure `bytes` bytes are usable from the scratch base, growing linear memory if needed, and
 * returns the base. Returns 0 if memory cannot grow that far (the host reports it as out of memory).
 * Growing detaches the host's view of `memory.buffer`: the host must re-read it after this call.
 */
export function reserve(bytes: usize): usize {
  if (bytes > <usize>0xffffffff - SCRATCH_BASE) return 0;
  const end: u64 = <u64>SCRATCH_BASE + <u64>bytes;
  const have: u64 = <u64>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  return SCRATCH_BASE;
}
