export * from './bronze-event.js';
export * from './telemetry-summary.js';
export * from './quarantine.js';
export * from './registry.js';
export { ATTRIBUTE_SCHEMAS } from './attributes.js';
