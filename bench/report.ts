/**
 * Text rendering of a benchmark run: the machine line, the table of medians and ratios, the
 * consistency checks, the raw samples and the kernel micro-benchmarks' output.
 */
import type { BenchResult, BenchRow } from './bench-result.ts';
import { describeMachine } from './machine.ts';

function formatValue(row: BenchRow, value: number): string {
  switch (row.unit) {
    case 's':
      return value.toFixed(2);
    case 'ms':
      return value.toFixed(1);
    case 'MiB':
      return value.toFixed(1);
    case 'x':
      return value.toFixed(2);
  }
}

/** A fixed-width table with one line per row: label, unit, Silt, DuckDB, Silt/DuckDB, note. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['measure', 'unit', 'Silt', 'DuckDB', 'Silt/DuckDB', 'note'];
  const lines = rows.map((row) => [row.label, row.unit, formatValue(row, row.silt), formatValue(row, row.duckdb), row.ratio.toFixed(2), row.note ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

/** The full report: machine, settings, table, checks, raw samples and kernel micro-benchmark lines. */
export function formatReport(result: BenchResult): string {
  const { settings } = result;
  const out = [
    describeMachine(result.machine),
    `settings: ${settings.rows} rows, ${settings.reps} repetitions, ${settings.queryRuns} runs per query; parts ${settings.parts.join(', ')}`,
    'medians; Silt/DuckDB < 1 means Silt is faster or smaller',
    '',
  ];
  if (result.rows.length > 0) out.push(formatTable(result.rows), '');
  if (result.checks.length > 0) {
    out.push('checks:');
    for (const check of result.checks) out.push(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    out.push('');
  }
  const sampled = result.rows.filter((row) => row.siltRaw.length > 0);
  if (sampled.length > 0) {
    out.push('raw samples (run order):');
    for (const row of sampled) {
      const list = (values: readonly number[]) => values.map((v) => formatValue(row, v)).join(' ');
      out.push(`  ${row.key} [${row.unit}]: Silt ${list(row.siltRaw)} | DuckDB ${list(row.duckdbRaw)}`);
    }
  }
  if (result.kernels.length > 0) out.push('', 'WASM kernels (wasm/kernels/bench/kernels-bench.ts):', ...result.kernels.map((line) => `  ${line}`));
  return out.join('\n');
}
