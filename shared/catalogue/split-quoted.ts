/**
 * Splits a space-separated access-log line where a field may be `"double quoted"` (with `\"`
 * escapes) or `[bracketed]` (CLF dates): ALB, NLB, Classic ELB, S3 server access, Route 53.
 * Quotes and brackets are removed; an empty quoted field is ''. Undefined for an unclosed quote.
 */
export function splitQuoted(line: string, separator = 32): string[] | undefined {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === separator) i++;
    if (i >= n) break;
    const c = line.charCodeAt(i);
    if (c === 34) {
      let value = '';
      let j = i + 1;
      let closed = false;
      let start = j;
      while (j < n) {
        const d = line.charCodeAt(j);
        if (d === 92 && j + 1 < n) {
          value += line.slice(start, j) + line[j + 1];
          j += 2;
          start = j;
          continue;
        }
        if (d === 34) {
          closed = true;
          break;
        }
        j++;
      }
      if (!closed) return undefined;
      out.push(value + line.slice(start, j));
      i = j + 1;
    } else if (c === 91) {
      const end = line.indexOf(']', i + 1);
      if (end < 0) return undefined;
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < n && line.charCodeAt(j) !== separator) j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}
