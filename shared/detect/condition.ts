import type { ConditionNode } from './types.js';

/** Why a condition cannot be parsed or evaluated (the loader names the file). */
export class ConditionError extends Error {
  override name = 'ConditionError';
}

const TOKEN = /\s*(\(|\)|[A-Za-z0-9_*.\-]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new ConditionError(`unexpected ${JSON.stringify(text.slice(at).trim().slice(0, 20))} in condition`);
    tokens.push(m[1]!);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

function globNames(pattern: string, names: readonly string[]): string[] {
  if (pattern === 'them') return names.filter((n) => !n.startsWith('_'));
  if (!pattern.includes('*')) return names.includes(pattern) ? [pattern] : [];
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')).join('.*')}$`);
  return names.filter((n) => re.test(n));
}

/**
 * Sigma conditions: `sel`, `a and not b`, `(a or b) and c`, `1 of sel_*`, `all of them`.
 * Precedence: not > and > or. Aggregations (`| count() …`) are refused: write a correlation rule.
 */
export function parseCondition(text: string, selections: readonly string[]): ConditionNode {
  if (text.includes('|')) throw new ConditionError('aggregation in the condition (`| count() …`) is not supported; write a Sigma correlation rule instead');
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos]?.toLowerCase();
  const next = () => tokens[pos++];

  const primary = (): ConditionNode => {
    const token = next();
    if (token === undefined) throw new ConditionError('condition ends early');
    const lower = token.toLowerCase();
    if (lower === '(') {
      const inner = orExpr();
      if (next() !== ')') throw new ConditionError('missing ) in condition');
      return inner;
    }
    if (lower === 'not') return { op: 'not', arg: primary() };
    if (lower === '1' || lower === 'all' || lower === 'any') {
      if (peek() !== 'of') throw new ConditionError(`expected "of" after "${token}"`);
      next();
      const target = next();
      if (target === undefined) throw new ConditionError(`"${token} of" needs a selection name or pattern`);
      const names = globNames(target, selections);
      if (names.length === 0) throw new ConditionError(`"${token} of ${target}" matches no selection`);
      return { op: 'of', quantifier: lower === 'all' ? 'all' : 'any', names };
    }
    if (['and', 'or', ')'].includes(lower)) throw new ConditionError(`unexpected "${token}" in condition`);
    if (!selections.includes(token)) throw new ConditionError(`condition names "${token}", which is not a selection`);
    return { op: 'ref', name: token };
  };
  const andExpr = (): ConditionNode => {
    const args = [primary()];
    while (peek() === 'and') {
      next();
      args.push(primary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  };
  const orExpr = (): ConditionNode => {
    const args = [andExpr()];
    while (peek() === 'or') {
      next();
      args.push(andExpr());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  };
  const node = orExpr();
  if (pos < tokens.length) throw new ConditionError(`unexpected "${tokens[pos]}" in condition`);
  return node;
}

/** Evaluates a condition given a test of each selection (memoised by the caller if needed). */
export function evaluateCondition(node: ConditionNode, selection: (name: string) => boolean): boolean {
  switch (node.op) {
    case 'ref':
      return selection(node.name);
    case 'not':
      return !evaluateCondition(node.arg, selection);
    case 'and':
      return node.args.every((a) => evaluateCondition(a, selection));
    case 'or':
      return node.args.some((a) => evaluateCondition(a, selection));
    case 'of':
      return node.quantifier === 'all' ? node.names.every(selection) : node.names.some(selection);
  }
}

/** Selections the condition can be satisfied by (used to name matched fields). */
export function referencedSelections(node: ConditionNode, negated = false, into: Set<string> = new Set()): Set<string> {
  switch (node.op) {
    case 'ref':
      if (!negated) into.add(node.name);
      break;
    case 'not':
      referencedSelections(node.arg, !negated, into);
      break;
    case 'and':
    case 'or':
      for (const a of node.args) referencedSelections(a, negated, into);
      break;
    case 'of':
      if (!negated) for (const n of node.names) into.add(n);
      break;
  }
  return into;
}
