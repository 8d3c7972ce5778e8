/**
 * Finds `name<quote?><blanks>[:=]<blanks>` in free text, where the name is one of a set of
 * alphanumeric words joined by an optional `-` or `_` (case-insensitive): the same matches, in the
 * same order, as a global scan with the regex
 *
 *   (?:w1[-_]?w2|…)(?:\\?["'])?[ \t]{0,4}[:=][ \t]{0,4}   (flags gi)
 *
 * but driven by the separators: from each `:` / `=` it steps back over blanks, a quote (maybe
 * escaped) and then the name, read backwards through a trie of the reversed names. A name ends
 * with a letter or digit and what follows it is never part of a name, so every match that uses a
 * separator ends its name at the same place; the trie gives its leftmost start. Each separator
 * costs at most the longest name's length, so the work is linear.
 */
export interface KeyNameMatch {
  index: number;
  /** End of the match (after the separator and its trailing blanks). */
  end: number;
}

/** `from` plays the regex's lastIndex: the leftmost match starting at or after it, or undefined. */
export type KeyNameFinder = (text: string, from: number) => KeyNameMatch | undefined;

/** Above this many words a name's spellings (3^(words-1)) are not expanded; the caller uses the regex. */
const MAX_WORDS = 5;
const ALPHABET = 38; // a-z, 0-9, '-', '_'
const COLUMN = new Int8Array(128).fill(-1);
for (let c = 97; c <= 122; c++) COLUMN[c] = c - 97;
for (let c = 65; c <= 90; c++) COLUMN[c] = c - 65; // the regex is case-insensitive (ASCII only)
for (let c = 48; c <= 57; c++) COLUMN[c] = 26 + c - 48;
COLUMN[45] = 36;
COLUMN[95] = 37;

/** `names` are word lists (lower-case letters or digits, as splitWords gives); undefined when not supported. */
export function createKeyNameFinder(names: ReadonlyArray<readonly string[]>): KeyNameFinder | undefined {
  const spellings = new Set<string>();
  for (const words of names) {
    if (words.length === 0) continue;
    if (words.length > MAX_WORDS || words.some((w) => !/^[a-z0-9]+$/.test(w))) return undefined;
    let forms = [words[0]!];
    for (const w of words.slice(1)) forms = forms.flatMap((f) => [f + w, `${f}-${w}`, `${f}_${w}`]);
    for (const f of forms) spellings.add(f);
  }
  let next = new Int32Array(ALPHABET * 64);
  let terminal = new Uint8Array(64);
  let nodes = 1;
  let longest = 0;
  for (const s of spellings) {
    longest = Math.max(longest, s.length);
    let node = 0;
    for (let i = s.length - 1; i >= 0; i--) {
      const slot = node * ALPHABET + COLUMN[s.charCodeAt(i)]!;
      if (next[slot] === 0) {
        if ((nodes + 1) * ALPHABET > next.length) {
          const grown = new Int32Array(next.length * 2);
          grown.set(next);
          next = grown;
          const t = new Uint8Array(terminal.length * 2);
          t.set(terminal);
          terminal = t;
        }
        next[slot] = nodes++;
      }
      node = next[slot]!;
    }
    terminal[node] = 1;
  }
  if (spellings.size === 0) return () => undefined;
  const trie = next;
  const ends = terminal;

  /** Leftmost start (>= from) of a name ending at `end`, or -1. */
  function nameStart(text: string, end: number, from: number): number {
    let best = -1;
    let node = 0;
    for (let i = end - 1; i >= from && i >= end - longest; i--) {
      const c = text.charCodeAt(i);
      const col = c < 128 ? COLUMN[c]! : -1;
      if (col < 0) break;
      node = trie[node * ALPHABET + col]!;
      if (node === 0) break;
      if (ends[node]) best = i;
    }
    return best;
  }

  return (text, from) => {
    const n = text.length;
    let colon = text.indexOf(':', from);
    let equals = text.indexOf('=', from);
    while (colon >= 0 || equals >= 0) {
      let q: number;
      if (equals < 0 || (colon >= 0 && colon < equals)) {
        q = colon;
        colon = text.indexOf(':', q + 1);
      } else {
        q = equals;
        equals = text.indexOf('=', q + 1);
      }
      let e = q;
      while (e > q - 4 && isBlank(text.charCodeAt(e - 1))) e--;
      let c = text.charCodeAt(e - 1);
      if (c === 34 || c === 39) {
        e--;
        if (text.charCodeAt(e - 1) === 92) e--;
        c = text.charCodeAt(e - 1);
      }
      if (e - 1 < from || isBlank(c)) continue;
      const index = nameStart(text, e, from);
      if (index < 0) continue;
      let end = q + 1;
      while (end < n && end < q + 5 && isBlank(text.charCodeAt(end))) end++;
      return { index, end };
    }
    return undefined;
  };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}
