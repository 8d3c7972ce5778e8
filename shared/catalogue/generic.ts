import { generic as genericNormalizer } from '../normalize/generic.js';
import { generic as genericParser } from '../parse/generic.js';
import { legacyLogType } from './legacy-type.js';
import type { LogType } from './types.js';

/** What nothing else claims: JSON objects (nested fields flattened), `key=value` text, plain lines. */
export const GENERIC: LogType = legacyLogType(genericParser, genericNormalizer, {
  cloud: 'any',
  title: 'Any other record (fallback)',
  delivery: [
    { trigger: 'cloudwatch', pattern: 'any' },
    { trigger: 's3', pattern: 'any' },
    { trigger: 'eventhub', pattern: 'any' },
    { trigger: 'pubsub', pattern: 'any' },
  ],
  recognisedBy: 'nothing else claimed the record',
  fields: ['message', 'record_format'],
  commonFields: [],
});
