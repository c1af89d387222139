import { invalidInput } from '@silt/common';

/**
 * Jackson `JsonParser.Feature`s that change what JSON text is accepted, and which the lenient parser
 * honours when enabled in a json `featureSpec`.
 */
export const LENIENT_FEATURES = [
  'ALLOW_COMMENTS',
  'ALLOW_YAML_COMMENTS',
  'ALLOW_UNQUOTED_FIELD_NAMES',
  'ALLOW_SINGLE_QUOTES',
  'ALLOW_UNQUOTED_CONTROL_CHARS',
  'ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER',
  'ALLOW_NUMERIC_LEADING_ZEROS',
  'ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS',
  'ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS',
  'ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS',
  'ALLOW_NON_NUMERIC_NUMBERS',
  'ALLOW_MISSING_VALUES',
  'ALLOW_TRAILING_COMMA',
  'STRICT_DUPLICATE_DETECTION',
] as const;

/** Jackson parser features that do not change which values are read; accepted and ignored. */
const NEUTRAL_FEATURES = ['AUTO_CLOSE_SOURCE', 'IGNORE_UNDEFINED', 'INCLUDE_SOURCE_IN_LOCATION', 'USE_FAST_DOUBLE_PARSER', 'USE_FAST_BIG_NUMBER_PARSER'] as const;

/** A lenient-parsing feature of {@link LENIENT_FEATURES}. */
export type JsonFeature = (typeof LENIENT_FEATURES)[number];

/** The enabled lenient features of a json input format; empty means standard JSON. */
export type JsonFeatures = ReadonlySet<JsonFeature>;

/**
 * The enabled lenient features of a `featureSpec` (feature name → boolean). Features set to false
 * keep Jackson's default (off for every lenient feature).
 *
 * @throws DruidError (invalidInput) for a name that is not a Jackson JsonParser feature.
 * @example
 * jsonFeatures({ ALLOW_SINGLE_QUOTES: true, AUTO_CLOSE_SOURCE: true }); // Set { 'ALLOW_SINGLE_QUOTES' }
 */
export function jsonFeatures(featureSpec: Readonly<Record<string, boolean>> | null | undefined): JsonFeatures {
  const enabled = new Set<JsonFeature>();
  for (const [name, on] of Object.entries(featureSpec ?? {})) {
    if ((LENIENT_FEATURES as readonly string[]).includes(name)) {
      if (on) enabled.add(name as JsonFeature);
    } else if (!(NEUTRAL_FEATURES as readonly string[]).includes(name)) {
      throw invalidInput(`Invalid inputFormat: featureSpec: unknown JSON parser feature [${name}]; supported features are [${[...LENIENT_FEATURES, ...NEUTRAL_FEATURES].join(', ')}]`);
    }
  }
  return enabled;
}
