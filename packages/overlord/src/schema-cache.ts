import type { ColumnSignature, RowSignature } from '@silt/common';
import type { MetadataStore } from '@silt/metadata';
import type { DataSegment } from '@silt/segment';
import { visibleDataSegments } from './visible-segments.ts';
import type { Catalog } from '@silt/sql';

/**
 * Table schemas the SQL planner sees, derived from each datasource's visible segments: `__time`,
 * then dimensions, then metrics, newest segment first when columns differ. Planning is
 * synchronous, so schemas are cached and refreshed after every publish.
 */
export class SchemaCache implements Catalog {
  private schemas = new Map<string, RowSignature>();

  constructor(private readonly metadata: MetadataStore) {}

  tableSignature(dataSource: string): RowSignature | undefined {
    return this.schemas.get(dataSource);
  }

  dataSources(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /** Reloads one datasource's schema (or all when none is named). */
  async refresh(dataSource?: string): Promise<void> {
    const names = dataSource ? [dataSource] : await this.metadata.listDataSources();
    if (!dataSource) this.schemas = new Map();
    for (const name of names) {
      const visible = (await visibleDataSegments(this.metadata, name)).map((v) => v.segment);
      if (visible.length === 0) this.schemas.delete(name);
      else this.schemas.set(name, mergeSignatures(visible));
    }
  }
}

function mergeSignatures(segments: readonly DataSegment[]): RowSignature {
  const newestFirst = [...segments].sort((a, b) => (a.version < b.version ? 1 : a.version > b.version ? -1 : b.interval.start - a.interval.start));
  const columns = new Map<string, ColumnSignature>([['__time', { name: '__time', type: 'LONG' }]]);
  for (const s of newestFirst) for (const c of s.signature) if (!columns.has(c.name)) columns.set(c.name, c);
  const dims = new Set(newestFirst.flatMap((s) => s.dimensions));
  const all = [...columns.values()];
  return [all[0]!, ...all.filter((c) => dims.has(c.name)), ...all.filter((c) => c.name !== '__time' && !dims.has(c.name))];
}
