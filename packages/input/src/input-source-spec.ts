import { z } from 'zod';
import { parseSpec, specType } from './spec-validation.ts';

/**
 * Druid's PasswordProvider for the http input source: a plain string, `{type:'default', password}`,
 * or `{type:'environment', variable}` (the password is read from that environment variable).
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

/** The `inline` input source: `data` is the whole input. */
export type InlineInputSource = z.output<typeof inlineSchema>;
/** The `local` input source: `files`, and/or every file under `baseDir` (recursively) whose name matches `filter`. */
export type LocalInputSource = z.output<typeof localSchema>;
/** The `http` input source: one split per URI, with optional basic auth and request headers. */
export type HttpInputSource = z.output<typeof httpSchema>;
/** A validated input source. */
export type InputSourceSpec = InlineInputSource | LocalInputSource | HttpInputSource;
/** Druid's password provider shapes, as accepted by `httpAuthenticationPassword`. */
export type PasswordProvider = z.output<typeof passwordProvider>;

const SCHEMAS = { inline: inlineSchema, local: localSchema, http: httpSchema } as const;
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
  return parseSpec(SCHEMAS[type], spec, 'inputSource');
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
