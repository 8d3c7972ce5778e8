/**
 * What a log-type module builds with, in one import (`../module-kit.js`), so modules do not
 * depend on where each helper lives. Pure helpers only.
 */
export { at, bool, compact, failed, int, merged, num, obj, parsed, str, upper } from '../parse/field-read.js';
export { isPlainObject, mentionsKeys, parseJsonText, recordObject, recordText, type JsonObject } from '../parse/json-input.js';
export { snakeCase } from '../parse/snake-case.js';
export { azureCategory } from '../parse/azure-category.js';
export { buildEvent, oneLine, rawData, type EventParts } from '../normalize/build-event.js';
export { httpStatusSeverity, levelSeverity, maxSeverity, statusClass } from '../normalize/severity.js';
export { azureLevelSeverity } from '../normalize/azure-level.js';
export { arnResourceName, parseArn, parseAzureResourceId, type Arn, type AzureResourceId } from '../normalize/cloud-resource.js';
export { durationToMs } from '../normalize/time.js';
export { epochTime, syslogTime, toUtcIso, usDateTime, w3cDateTime } from './event-time.js';
export { COMMON_FIELDS, commonFields, decisionFields, decisionOf, transportOf, type CommonFieldName, type CommonFieldValues, type Decision, type Outcome } from './common-fields.js';
export { flatten, FLATTEN_DEPTH } from './flatten.js';
export { splitQuoted } from './split-quoted.js';
export type { DeliveryContext, DeliveryPath, LogType, NormalizeContext, NormalizeResult, ParsedRecord, ParseResult, RawRecord } from './types.js';
export { logIdOf } from './route.js';
