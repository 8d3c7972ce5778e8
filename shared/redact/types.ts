/** What redaction does with a match. */
export type RedactionAction = 'remove' | 'hash' | 'keep';

export type RedactionCounts = Record<string, number>;

export interface RedactionPolicy {
  /** Field names (any depth, case-insensitive) kept in clear: detectors skip them. */
  allowFields: string[];
  /** Field names whose values are removed whole. */
  denyFields: string[];
  /** Field names whose values are replaced by a keyed hash (user names, account ids, …). */
  hashFields: string[];
  /** Strings longer than this are truncated (after detection), with a marker. */
  maxStringLength: number;
  /** Per-detector action; defaults: secrets/tokens/keys/passwords/cards remove, email/ip hash. */
  detectors: Record<string, RedactionAction>;
}

export interface RedactResult<T> {
  value: T;
  counts: RedactionCounts;
}

/** Built once per cold start from the policy and the HMAC key. Pure: returns copies, never mutates. */
export interface Redactor {
  /** Redacts any JSON-like value (objects, arrays, strings), honouring field rules. */
  redactValue<T>(value: T): RedactResult<T>;
  /** Runs the detectors over free text (quarantined lines, descriptions). */
  redactText(text: string): RedactResult<string>;
  /**
   * A record's original (`raw_data`): JSON text is redacted through its parsed structure (field,
   * pair and key rules reach it) and re-serialised only when something changed; other text goes
   * through the detectors; objects as in redactValue.
   */
  redactRaw(raw: unknown): RedactResult<unknown>;
}
