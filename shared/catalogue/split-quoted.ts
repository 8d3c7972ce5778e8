/**
 * Splits a space-separated access-log line where a field may be `"double quoted"` (with `\"`
 * escapes) or `[bracketed]` (CLF dates): ALB, NLB, Classic ELB, S3 server access, Route 53.
 * A field is a run of quoted and unquoted pieces up to a separator outside quotes, so
 * `"h2","http/1.1"` is one field (`h2,http/1.1`) and `[2001:db8::1]:80` stays whole; a field that
 * is entirely `[…]` loses its brackets. Quotes are removed; `""` is ''. Undefined for an unclosed
 * quote or bracket.
 */
export function splitQuoted(line: string, separator = 32): string[] | undefined {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === separator) i++;
    if (i >= n) break;
    if (line.charCodeAt(i) === 91) {
      const end = line.indexOf(']', i + 1);
      if (end < 0) return undefined;
      if (end + 1 >= n || line.charCodeAt(end + 1) === separator) {
        out.push(line.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let value = '';
    let start = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === separator) break;
      if (c !== 34) {
        i++;
        continue;
      }
      value += line.slice(start, i);
      i++;
      start = i;
      let closed = false;
      while (i < n) {
        const d = line.charCodeAt(i);
        if (d === 92 && i + 1 < n) {
          value += line.slice(start, i) + line[i + 1];
          i += 2;
          start = i;
        } else if (d === 34) {
          closed = true;
          break;
        } else i++;
      }
      if (!closed) return undefined;
      value += line.slice(start, i);
      i++;
      start = i;
    }
    out.push(value + line.slice(start, i));
  }
  return out;
}
