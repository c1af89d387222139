/**
 * Calls `line(start, end, index)` for every line of `text`: lines end at `\n`, and one `\r` before
 * it is dropped from the line. A last line without `\n` counts; text ending in `\n` has no empty
 * line after it. Returns the number of lines.
 */
export function forEachLine(text: string, line: (start: number, end: number, index: number) => void): number {
  const n = text.length;
  let count = 0;
  for (let pos = 0; pos < n; ) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? n : nl;
    const end = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    line(pos, end, count++);
    pos = lineEnd + 1;
  }
  return count;
}
