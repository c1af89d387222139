import { openPostgresMetadataStore } from './postgres-metadata-store.ts';
import { openSqliteMetadataStore } from './sqlite-metadata-store.ts';
import type { MetadataStore } from './metadata-store.ts';

/**
 * Opens the metadata store a URL names: `postgres://…` or `postgresql://…` → PostgreSQL (a
 * `schema` query parameter selects the schema and is not passed to the server); `sqlite:/abs/path.db`,
 * `sqlite:///abs/path.db` or a plain file path → SQLite.
 *
 * @example
 * const store = await openMetadataStore('sqlite:/var/lib/silt/metadata.db');
 * const pgStore = await openMetadataStore('postgres://silt@db:5432/silt?schema=silt');
 */
export async function openMetadataStore(url: string): Promise<MetadataStore> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return openPostgresMetadataStore(parsed.toString(), schema === undefined ? {} : { schema });
  }
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length);
    return openSqliteMetadataStore(rest.startsWith('//') ? rest.slice(2) : rest);
  }
  return openSqliteMetadataStore(url);
}
