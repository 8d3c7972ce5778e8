export { SummaryAccumulator, percentile, ruleMatches } from './summary.js';
