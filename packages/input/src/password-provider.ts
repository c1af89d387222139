import { cannotReadInput } from './input-faults.ts';
import type { PasswordProvider } from './input-source-spec.ts';

/**
 * The secret a Druid PasswordProvider stands for: the string itself, the `default` provider's
 * `password`, or the value of the `environment` provider's variable, read when the input is read.
 *
 * @param field The spec field the provider came from, named in the error.
 * @throws FaultError (CannotParseExternalData) when the environment variable is not set.
 * @example
 * resolvePassword({ type: 'environment', variable: 'S3_SECRET' }, 'properties.secretAccessKey');
 */
export function resolvePassword(provider: PasswordProvider, field: string): string {
  if (typeof provider === 'string') return provider;
  if (provider.type === 'default') return provider.password;
  const value = process.env[provider.variable];
  if (value === undefined) throw cannotReadInput(`Environment variable [${provider.variable}] named by ${field} is not set`);
  return value;
}
