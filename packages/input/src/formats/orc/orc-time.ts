/** 2015-01-01T00:00:00Z in epoch milliseconds: ORC's timestamp base. */
const ORC_EPOCH_MILLIS = 1_420_070_400_000;

const UTC_ZONES = new Set(['', 'UTC', 'GMT', 'Z', 'Etc/UTC', 'Etc/GMT', 'UCT', 'Zulu']);
const formats = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timezone` from UTC at `instant`, in milliseconds. */
function offsetMillis(timezone: string, instant: number): number {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The timestamp an ORC TIMESTAMP value denotes, as Druid reads it (JVM in UTC): the writer stored
 * seconds since 2015-01-01 00:00:00 in its own zone, and ORC's reader keeps the wall-clock time
 * across zones, so the result is the writer's wall-clock time read as UTC. `orcMillis` is the stored
 * value plus 2015-01-01T00:00:00Z, in milliseconds.
 *
 * @throws RangeError for an unknown time zone.
 */
export function epochMillisOfWallClock(orcMillis: number, timezone: string): number {
  if (UTC_ZONES.has(timezone)) return orcMillis;
  const instant = orcMillis - offsetMillis(timezone, ORC_EPOCH_MILLIS);
  return instant + offsetMillis(timezone, instant);
}
