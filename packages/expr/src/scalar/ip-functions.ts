import { invalidInput } from '@silt/common';
import { CompileCache, type ScalarFunction, numberArg, scalar, stringArg } from './scalar-function.ts';

/**
 * IPv4 functions. An address is a dotted-decimal string (`192.168.0.1`) or its 32-bit unsigned
 * integer; a subnet is CIDR text (`192.168.0.0/16`).
 */

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The integer of a dotted-decimal IPv4 address, or null when the text is not one. */
function parseDotted(text: string): number | null {
  const m = DOTTED.exec(text);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

const isAddressNumber = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

/** An address argument as an integer, or null when it is not a valid IPv4 address. */
function address(args: readonly unknown[], i: number): number | null {
  const v = args[i];
  if (typeof v === 'string') return parseDotted(v);
  const n = numberArg(args, i);
  return n !== null && isAddressNumber(n) ? n : null;
}

const stringify = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

const subnets = new CompileCache<{ base: number; mask: number }>();

function subnet(text: string): { base: number; mask: number } {
  return subnets.get(text, () => {
    const [ip, bits] = text.split('/');
    const base = ip === undefined ? null : parseDotted(ip);
    const prefix = Number(bits);
    if (base === null || bits === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
      throw invalidInput(`Function[ipv4_match] subnet arg has an invalid format: ${text}`);
    }
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { base: (base & mask) >>> 0, mask };
  });
}

/** The IP function table. */
export const IP_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  IPV4_MATCH: scalar((args, call) => {
    const ip = address(args, 0);
    if (ip === null) return 0;
    const { base, mask } = subnet(stringArg(args, call, 1)!);
    return ((ip & mask) >>> 0) === base ? 1 : 0;
  }),
  IPV4_PARSE: scalar((args) => address(args, 0)),
  IPV4_STRINGIFY: scalar((args) => {
    const ip = address(args, 0);
    return ip === null ? null : stringify(ip);
  }),
};
