import { parseInterval } from '@silt/common';
import { z } from 'zod';
import { parseJdbcUri } from './jdbc-uri.ts';
import { parseS3Uri } from './s3-location.ts';
import { parseSpec, specType } from './spec-validation.ts';

/**
 * Druid's PasswordProvider: a plain string, `{type:'default', password}`, or
 * `{type:'environment', variable}` (the password is read from that environment variable).
 */
const passwordProvider = z.union(
  [
    z.string(),
    z.object({ type: z.literal('default'), password: z.string() }),
    z.object({ type: z.literal('environment'), variable: z.string().min(1) }),
  ],
  { error: "expected a string, {type: 'default', password} or {type: 'environment', variable}" },
);

const inlineSchema = z.object({
  type: z.literal('inline'),
  data: z.string(),
});

const localSchema = z
  .object({
    type: z.literal('local'),
    baseDir: z.string().min(1).nullish(),
    filter: z.string().min(1).nullish(),
    files: z.array(z.string().min(1)).nullish(),
  })
  .superRefine((spec, ctx) => {
    if (spec.baseDir && !spec.filter) ctx.addIssue({ code: 'custom', path: ['filter'], message: 'is required when [baseDir] is set' });
    if (!spec.baseDir && !spec.files?.length) ctx.addIssue({ code: 'custom', path: [], message: 'At least one of baseDir or files should be specified' });
  });

const httpSchema = z.object({
  type: z.literal('http'),
  uris: z
    .array(
      z.string().refine((uri) => /^https?:\/\//i.test(uri) && URL.canParse(uri), {
        message: 'must be an absolute URI; only [http, https] protocols are allowed',
      }),
    )
    .min(1),
  httpAuthenticationUsername: z.string().nullish(),
  httpAuthenticationPassword: passwordProvider.nullish(),
  requestHeaders: z.record(z.string(), z.string()).nullish(),
});

const s3UriSchema = z.string().refine((uri) => parseS3Uri(uri) !== null, { message: 'must be an s3:// URI with a bucket, e.g. [s3://bucket/path/file.json]' });

const s3Schema = z
  .object({
    type: z.literal('s3'),
    uris: z.array(s3UriSchema).nullish(),
    prefixes: z.array(s3UriSchema).nullish(),
    objects: z.array(z.object({ bucket: z.string().min(1), path: z.string() })).nullish(),
    objectGlob: z.string().nullish(),
    properties: z
      .object({
        accessKeyId: passwordProvider.nullish(),
        secretAccessKey: passwordProvider.nullish(),
        assumeRoleArn: z.string().nullish(),
        assumeRoleExternalId: z.string().nullish(),
      })
      .nullish(),
    endpointConfig: z.object({ url: z.string().min(1).nullish(), signingRegion: z.string().min(1).nullish() }).nullish(),
    clientConfig: z
      .object({
        protocol: z
          .string()
          .refine((p) => /^https?$/i.test(p), { message: 'must be [http] or [https]' })
          .nullish(),
        enablePathStyleAccess: z.boolean().nullish(),
        disableChunkedEncoding: z.boolean().nullish(),
        forceGlobalBucketAccessEnabled: z.boolean().nullish(),
      })
      .nullish(),
    proxyConfig: z.unknown().optional(),
  })
  .superRefine((spec, ctx) => {
    const given = [spec.uris, spec.prefixes, spec.objects].filter((list) => list && list.length > 0).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'Exactly one of uris, prefixes or objects must be specified' });
    const props = spec.properties;
    if (props && (props.accessKeyId == null) !== (props.secretAccessKey == null)) {
      const missing = props.accessKeyId == null ? 'accessKeyId' : 'secretAccessKey';
      ctx.addIssue({ code: 'custom', path: ['properties', missing], message: 'is required when the other S3 key is given' });
    }
    if (props?.assumeRoleArn != null) {
      ctx.addIssue({ code: 'custom', path: ['properties', 'assumeRoleArn'], message: 'is not supported by Silt; give the credentials of the role as accessKeyId and secretAccessKey' });
    }
    if (spec.proxyConfig != null) ctx.addIssue({ code: 'custom', path: ['proxyConfig'], message: 'is not supported by Silt; reach S3 directly or through endpointConfig' });
  });

const sqlSchema = z
  .object({
    type: z.literal('sql'),
    database: z.object({
      type: z.enum(['postgresql', 'mysql']),
      connectorConfig: z.object({
        connectURI: z.string().min(1),
        user: z.string().nullish(),
        password: passwordProvider.nullish(),
      }),
    }),
    sqls: z.array(z.string().refine((s) => s.trim().length > 0, { message: 'must not be blank' })).min(1, { message: 'List of SQLs cannot be empty' }),
    foldCase: z.boolean().nullish(),
  })
  .superRefine((spec, ctx) => {
    const target = parseJdbcUri(spec.database.connectorConfig.connectURI, spec.database.type);
    if (typeof target === 'string') ctx.addIssue({ code: 'custom', path: ['database', 'connectorConfig', 'connectURI'], message: target });
  });

const druidSchema = z.object({
  type: z.literal('druid'),
  dataSource: z.string().min(1),
  interval: z.string().refine(isInterval, { message: 'must be an ISO-8601 interval, e.g. [2016-06-27/P1D]' }),
  filter: z.record(z.string(), z.unknown()).nullish(),
  dimensions: z.array(z.string()).nullish(),
  metrics: z.array(z.string()).nullish(),
});

/** Input sources that can be delegates of `combining`: Druid requires them to be splittable. */
const delegateSchema: z.ZodType<DelegateInputSource> = z.lazy(() =>
  z.discriminatedUnion('type', [localSchema, httpSchema, s3Schema, sqlSchema, druidSchema, combiningSchema], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `unknown or unsplittable type [${String((issue.input as { type?: unknown } | undefined)?.type)}]; a delegate must be one of [${DELEGATE_TYPES.join(', ')}]`
        : undefined,
  }),
);

const combiningSchema = z.object({
  type: z.literal('combining'),
  delegates: z.array(delegateSchema).min(1, { message: 'Must specify at least one delegate inputSource' }),
});

const DELEGATE_TYPES = ['local', 'http', 's3', 'sql', 'druid', 'combining'] as const;

function isInterval(text: string): boolean {
  try {
    parseInterval(text);
    return true;
  } catch {
    return false;
  }
}

/** The `inline` input source: `data` is the whole input. */
export type InlineInputSource = z.output<typeof inlineSchema>;
/** The `local` input source: `files`, and/or every file under `baseDir` (recursively) whose name matches `filter`. */
export type LocalInputSource = z.output<typeof localSchema>;
/** The `http` input source: one split per URI, with optional basic auth and request headers. */
export type HttpInputSource = z.output<typeof httpSchema>;
/** The `s3` input source: objects named by `uris`, listed under `prefixes`, or given as `objects`, filtered by `objectGlob`. */
export type S3InputSource = z.output<typeof s3Schema>;
/** The `sql` input source: the rows of each of `sqls`, run on a PostgreSQL or MySQL database. */
export type SqlInputSource = z.output<typeof sqlSchema>;
/** The `druid` input source: the rows of `dataSource`'s segments in `interval`. */
export type DruidInputSource = z.output<typeof druidSchema>;
/** The `combining` input source: the splits of every delegate, in order. */
export interface CombiningInputSource {
  readonly type: 'combining';
  readonly delegates: DelegateInputSource[];
}
/** An input source that may be a `combining` delegate. */
export type DelegateInputSource = LocalInputSource | HttpInputSource | S3InputSource | SqlInputSource | DruidInputSource | CombiningInputSource;
/** A validated input source. */
export type InputSourceSpec = InlineInputSource | DelegateInputSource;
/** Druid's password provider shapes, as accepted by `httpAuthenticationPassword`, the S3 keys and SQL passwords. */
export type PasswordProvider = z.output<typeof passwordProvider>;

const SCHEMAS = {
  inline: inlineSchema,
  local: localSchema,
  http: httpSchema,
  s3: s3Schema,
  sql: sqlSchema,
  druid: druidSchema,
  combining: combiningSchema,
} as const;
const TYPES = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

/**
 * Validates an input source spec (Druid's JSON shape) and returns it typed. Unknown fields are ignored,
 * as Druid does.
 *
 * @throws DruidError (invalidInput) naming the field and the problem.
 * @example
 * resolveInputSource({ type: 'local', baseDir: '/data', filter: '*.json.gz' });
 */
export function resolveInputSource(spec: unknown): InputSourceSpec {
  const type = specType(spec, 'inputSource', TYPES);
  return parseSpec(SCHEMAS[type], spec, 'inputSource') as InputSourceSpec;
}

/**
 * Checks an input source spec; throws `invalidInput` naming the field and the problem.
 *
 * @example
 * validateInputSource({ type: 'http', uris: ['ftp://x/y.json'] }); // throws: field [uris.0] …
 */
export function validateInputSource(spec: unknown): void {
  resolveInputSource(spec);
}
