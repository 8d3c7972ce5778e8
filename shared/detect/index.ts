export type { CorrelationRule, DetectionRule, RuleSet, Rule } from './types.js';
export { compileRuleTexts, loadRules } from './load-rules.js';
export { AlertV1, type Alert, alertKey, priorityScore, dedupKey, alertIdFor, mergeAlerts } from './alert.js';
export { storeAlerts } from './alert-store.js';
export { BatchDetections, createDetector, countByRule, type Detector, type AlertCount } from './stream-detector.js';
export { ThreatIntel, parseIndicators, type Indicator, type IndicatorList } from './threat-intel.js';
export { parseCidr, cidrContains } from './cidr.js';
