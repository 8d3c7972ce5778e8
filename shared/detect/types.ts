import type { BronzeEventDraft, Severity } from '../schema/index.js';

/** Sigma `level` → our severity. */
export const LEVEL_SEVERITY: Readonly<Record<string, Severity>> = {
  informational: 'INFO',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

/** The value modifiers this engine understands (anything else is refused at load). */
export const MODIFIERS = ['contains', 'startswith', 'endswith', 'all', 're', 'i', 'm', 's', 'cidr', 'gt', 'gte', 'lt', 'lte', 'exists', 'neq', 'cased', 'fieldref'] as const;
export type Modifier = (typeof MODIFIERS)[number];

/** One `field|mod|mod: values` item of a selection. */
export interface FieldTest {
  field: string;
  modifiers: Modifier[];
  /** Values as written (strings, numbers, booleans, null). Several values mean any of, or all of with `|all`. */
  values: Array<string | number | boolean | null>;
}

/** A selection: a list of alternatives (Sigma list of maps), each an AND of field tests; or keywords. */
export type Selection = { kind: 'fields'; alternatives: FieldTest[][] } | { kind: 'keywords'; keywords: string[]; modifiers: Modifier[] };

/** A parsed `condition`. */
export type ConditionNode =
  | { op: 'and' | 'or'; args: ConditionNode[] }
  | { op: 'not'; arg: ConditionNode }
  | { op: 'ref'; name: string }
  | { op: 'of'; quantifier: 'any' | 'all'; names: string[] };

/** Where a rule applies: the (source, source_type) pairs its logsource maps to (empty = any). */
export interface LogsourceScope {
  sourceTypes: string[];
  /** Cloud of the resource, when the product names one. */
  clouds: string[];
  description: string;
}

export interface DetectionRule {
  kind: 'detection';
  id: string;
  /** Sigma `name` (what correlation rules may reference besides the id). */
  name?: string;
  title: string;
  severity: Severity;
  file: string;
  tags: string[];
  scope: LogsourceScope;
  selections: Record<string, Selection>;
  condition: ConditionNode;
  /** Fields the rule reads (for the alert's matched field names and the SQL compile). */
  fields: string[];
  /** The names of the fields that matched, or null when the event does not match. */
  match(event: BronzeEventDraft): string[] | null;
}

export interface CorrelationCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  /** value_count: the field whose distinct values are counted. */
  field?: string;
}

export interface CorrelationRule {
  kind: 'correlation';
  id: string;
  name?: string;
  title: string;
  severity: Severity;
  file: string;
  type: 'event_count' | 'value_count' | 'temporal';
  /** Referenced detection rules (ids or names, resolved at load). */
  rules: DetectionRule[];
  groupBy: string[];
  timespanMs: number;
  condition: CorrelationCondition;
}

export type Rule = DetectionRule | CorrelationRule;

export interface RuleSet {
  detections: DetectionRule[];
  correlations: CorrelationRule[];
}
