/**
 * A one-line progress display for a terminal: `[#####-----] 50% label`. On a TTY the line is
 * redrawn in place; otherwise each change is printed once on its own line (logs stay readable).
 */
export class ProgressBar {
  private last = '';

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly width = 30,
  ) {}

  /** Draws `done` of `total` (unknown total: a running count) with a label. */
  update(done: number, total: number | null, label: string): void {
    const bar = total && total > 0 ? this.bar(done / total) : '';
    const line = total && total > 0 ? `${bar} ${Math.floor((100 * done) / total)}% ${label}` : label;
    if (line === this.last) return;
    this.last = line;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line}`);
    else this.out.write(`${line}\n`);
  }

  /** Ends the progress line. */
  done(message: string): void {
    if (this.out.isTTY) this.out.write(`\r\x1b[2K`);
    this.out.write(`${message}\n`);
  }

  private bar(fraction: number): string {
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * this.width);
    return `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}]`;
  }
}
