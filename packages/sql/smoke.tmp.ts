import { planSql } from './src/index.ts';
const catalog = { tableSignature: (n: string) => n === 'wikipedia' ? [{ name: '__time', type: 'LONG' as const }, { name: 'page', type: 'STRING' as const }, { name: 'added', type: 'LONG' as const }, { name: 'channel', type: 'STRING' as const }, {name:'delta', type:'DOUBLE' as const}] : undefined };
const e = (x: any): string => x.kind === 'column' ? `$${x.name}:${x.type[0]}` : x.kind === 'literal' ? `${JSON.stringify(x.value)}:${x.type[0]}` : `${x.fn}(${x.args.map(e).join(', ')}):${x.type[0]}`;
const node = (n: any, ind = ''): string => {
  const sig = n.signature.map((c: any) => `${c.name}:${c.type}`).join(',');
  let d = '';
  switch (n.kind) {
    case 'tableScan': d = `${n.dataSource} ${JSON.stringify(n.intervals.map((i: any) => [new Date(Math.max(i.start,-8.64e15)).toISOString(), new Date(Math.min(i.end, 8.64e15)).toISOString()]))}`; break;
    case 'externalScan': d = JSON.stringify(n.inputSource); break;
    case 'systemScan': d = n.table; break;
    case 'filter': d = e(n.condition); break;
    case 'project': d = n.columns.map((c: any) => `${c.name}=${e(c.expr)}`).join('; '); break;
    case 'aggregate': d = 'by ' + n.groupBy.map((c: any) => `${c.name}=${e(c.expr)}`).join('; ') + ' aggs ' + n.aggregates.map((a: any) => `${a.name}=${a.call.fn}${a.call.distinct ? '[D]' : ''}(${a.call.args.map(e).join(',')})${a.call.filter ? ' FILTER ' + e(a.call.filter) : ''}:${a.call.type}`).join('; '); break;
    case 'sort': d = n.keys.map((k: any) => k.column + (k.descending ? ' DESC' : '')).join(', '); break;
    case 'limit': d = `limit ${n.limit} offset ${n.offset}`; break;
  }
  return `${ind}${n.kind} ${d}  [${sig}]\n` + (n.input ? node(n.input, ind + '  ') : '');
};
for (const q of process.argv.slice(2)) {
  try { const p: any = planSql({ query: q, parameters: [{type:'VARCHAR', value:'x'},{type:'BIGINT', value: 5}] }, catalog); const { plan, ...rest } = p; console.log(JSON.stringify(rest)); console.log(node(plan)); }
  catch (err: any) { console.log('ERR', err.status, err.message, JSON.stringify(err.context)); if (!err.status) console.log(err.stack); }
}
