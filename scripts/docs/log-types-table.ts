import { COMMON_FIELDS } from '../../shared/catalogue/common-fields.js';
import { GENERIC, LOG_TYPES } from '../../shared/catalogue/index.js';
import type { LogType } from '../../shared/catalogue/types.js';

/** docs/log-types.md, generated from the catalogue (`npx tsx scripts/docs/log-types.ts` rewrites it). */
const CLOUD_NAMES: Readonly<Record<string, string>> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP', any: 'any' };

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function row(t: LogType): string {
  const delivery = t.delivery.map((d) => `${d.trigger}: ${d.pattern}`).join('<br>');
  return `| \`${t.type}\` | ${CLOUD_NAMES[t.cloud]} | ${cell(t.title)} | ${cell(delivery)} | ${cell(t.recognisedBy)} | ${cell(t.commonFields.map((f) => `\`${f}\``).join(', '))} | ${cell(t.fields.map((f) => `\`${f}\``).join(', '))} |`;
}

export function logTypesMarkdown(types: readonly LogType[] = LOG_TYPES): string {
  const lines = [
    '# Log types',
    '',
    '<!-- Generated from shared/catalogue by `npx tsx scripts/docs/log-types.ts`; a test fails when it is stale. Do not edit by hand. -->',
    '',
    'Every log type the push path knows is one module of the catalogue (`shared/catalogue/<cloud>/`).',
    'A delivery is routed once, from its context (CloudWatch log group, S3 key layout, Event Hubs hub,',
    'LogEntry log name / resource type; `pipeline.log_formats` in config can declare a type and format per',
    'log group, S3 prefix or hub), then each record gets a cheap test. A record of a known type that does',
    'not parse is quarantined with a reason naming the type and the field; what no type claims is `generic`,',
    'its nested fields flattened (dotted keys, 4 levels). The event time is the record\'s own; when a record',
    'has none, the delivery\'s time is used and `attributes.time_source` is `delivery`. Header and comment',
    'lines (W3C `#Version`/`#Fields`, flow-log header rows) are format information, reported as',
    '`format_lines`, never stored as events.',
    '',
    `## Types (${types.length + 1})`,
    '',
    '| type | cloud | log | delivery | recognised by | common fields | own fields |',
    '|---|---|---|---|---|---|---|',
    ...[...types, GENERIC].map(row),
    '',
    '## Common fields',
    '',
    'Flat ECS-style keys in `attributes` (e.g. `attributes["source.ip"]`), filled by every type whose record',
    'has the value; the type\'s own fields stay beside them. Summary rules reach them as dotted paths',
    '(`attributes.event.type: denied`).',
    '',
    '| field | kind | meaning |',
    '|---|---|---|',
    ...Object.entries(COMMON_FIELDS).map(([name, spec]) => `| \`${name}\` | ${spec.kind} | ${cell(spec.description)}${'values' in spec ? ` Values: ${spec.values.map((v) => `\`${v}\``).join(', ')}.` : ''} |`),
    '',
  ];
  return lines.join('\n');
}
