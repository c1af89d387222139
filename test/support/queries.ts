/** SQL text helpers for tests: EXTERN over local files with a signature. */
export function extern(inputSource: object, inputFormat: object, signature: readonly [string, string][]): string {
  const sig = JSON.stringify(signature.map(([name, type]) => ({ name, type })));
  return `TABLE(EXTERN('${JSON.stringify(inputSource)}', '${JSON.stringify(inputFormat)}', '${sig}'))`;
}

/** The 20 columns of Druid's wikiticker sample (the tutorial's wikipedia data). */
export const WIKITICKER_SIGNATURE: [string, string][] = [
  ['time', 'string'],
  ['channel', 'string'],
  ['cityName', 'string'],
  ['comment', 'string'],
  ['countryIsoCode', 'string'],
  ['countryName', 'string'],
  ['isAnonymous', 'string'],
  ['isMinor', 'string'],
  ['isNew', 'string'],
  ['isRobot', 'string'],
  ['isUnpatrolled', 'string'],
  ['metroCode', 'long'],
  ['namespace', 'string'],
  ['page', 'string'],
  ['regionIsoCode', 'string'],
  ['regionName', 'string'],
  ['user', 'string'],
  ['delta', 'long'],
  ['added', 'long'],
  ['deleted', 'long'],
];
