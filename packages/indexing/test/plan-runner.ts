import { aggregatorFactory, evaluate, evaluatePredicate, selectedRows } from '@silt/expr';
import { type Frame, type FrameColumn, frameToRows, gatherFrame, valueAt } from '@silt/frame';
import { parseRecordChunk } from '@silt/input';
import type { LogicalPlan } from '@silt/sql';

/**
 * Runs an ingestion plan in memory over the text of one input file, with the real input parser, the
 * expr evaluator and the aggregators: enough to check what a planned spec produces. Rows whose
 * `__time` is NULL after the first projection are dropped and counted, as the engine must.
 */
export interface PlanRun {
  readonly rows: Record<string, unknown>[];
  readonly unparseable: number;
  readonly thrownAway: number;
}

export function runPlan(plan: LogicalPlan, text: string): PlanRun {
  const counters = { unparseable: 0, thrownAway: 0 };
  const frame = run(plan, text, counters);
  const rows = frameToRows(frame).map((values) => Object.fromEntries(frame.signature.map((c, i) => [c.name, values[i]])));
  return { rows, ...counters };
}

function run(plan: LogicalPlan, text: string, counters: { unparseable: number; thrownAway: number }): Frame {
  switch (plan.kind) {
    case 'externalScan': {
      const chunk = { bytes: new TextEncoder().encode(text), source: 'test', firstRecord: 1 };
      return parseRecordChunk(chunk, plan.inputFormat, plan.signature).frame;
    }
    case 'project': {
      const input = run(plan.input, text, counters);
      let out: Frame = { signature: plan.signature, numRows: input.numRows, columns: plan.columns.map((c) => evaluate(c.expr, input)) };
      if (plan.input.kind === 'externalScan') {
        const time = out.columns[out.signature.findIndex((c) => c.name === '__time')]!;
        const keep = [...Array(out.numRows).keys()].filter((r) => valueAt(time, r) !== null);
        counters.unparseable += out.numRows - keep.length;
        out = gatherFrame(out, keep);
      }
      return out;
    }
    case 'filter': {
      const input = run(plan.input, text, counters);
      const rows = selectedRows(evaluatePredicate(plan.condition, input));
      counters.thrownAway += input.numRows - rows.length;
      return gatherFrame(input, rows);
    }
    case 'aggregate': {
      const input = run(plan.input, text, counters);
      const keys = plan.groupBy.map((g) => evaluate(g.expr, input));
      const ids = new Map<string, number>();
      const groupIds = new Int32Array(input.numRows);
      const firstRow: number[] = [];
      for (let r = 0; r < input.numRows; r++) {
        const key = JSON.stringify(keys.map((k) => valueAt(k, r)));
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size;
          ids.set(key, id);
          firstRow.push(r);
        }
        groupIds[r] = id;
      }
      const aggregated: FrameColumn[] = plan.aggregates.map((a) => {
        const acc = aggregatorFactory(a.call).create();
        const mask = a.call.filter ? evaluatePredicate(a.call.filter, input) : null;
        acc.aggregate(groupIds, ids.size, a.call.args.map((e) => evaluate(e, input)), mask);
        return acc.finalize();
      });
      const groups = gatherFrame({ signature: plan.signature.slice(0, keys.length), numRows: input.numRows, columns: keys }, firstRow);
      return { signature: plan.signature, numRows: ids.size, columns: [...groups.columns, ...aggregated] };
    }
    default:
      throw new Error(`plan node [${plan.kind}] is not used by ingestion plans`);
  }
}
