import type { Severity } from '../../schema/index.js';
import { at, buildEvent, commonFields, failed, flatten, isPlainObject, mentionsKeys, num, parsed, recordObject, str, type JsonObject, type LogType } from '../module-kit.js';
import { envelopeAttributes, eventBridgeEnvelope } from './eventbridge.js';

const LABELS: Readonly<Record<string, Severity>> = { CRITICAL: 'CRITICAL', HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW', INFORMATIONAL: 'INFO' };

/** ASFF `Severity.Label`, else the `Normalized` 0–100 bands (90+ critical, 70+ high, 40+ medium, 1+ low). */
export function asffSeverity(severity: unknown): Severity {
  const label = str(at(severity, 'Label'))?.toUpperCase();
  if (label !== undefined && LABELS[label] !== undefined) return LABELS[label]!;
  const n = num(at(severity, 'Normalized'));
  if (n === undefined) return 'MEDIUM';
  if (n >= 90) return 'CRITICAL';
  if (n >= 70) return 'HIGH';
  if (n >= 40) return 'MEDIUM';
  if (n >= 1) return 'LOW';
  return 'INFO';
}

/** The finding: the record itself, or the first of an EventBridge `detail.findings`. */
function findingOf(value: JsonObject): { finding: JsonObject | undefined; count: number } {
  const envelope = eventBridgeEnvelope(value);
  if (envelope === undefined) return { finding: value, count: 1 };
  const findings = envelope.detail.findings;
  if (!Array.isArray(findings)) return { finding: undefined, count: 0 };
  const first: unknown = findings[0];
  return { finding: isPlainObject(first) ? first : undefined, count: findings.length };
}

export const securityhub: LogType = {
  type: 'securityhub',
  cloud: 'aws',
  title: 'Security Hub finding (ASFF, direct or EventBridge)',
  delivery: [
    { trigger: 'cloudwatch', pattern: 'EventBridge rule target log group (detail-type `Security Hub Findings - Imported`)' },
    { trigger: 's3', pattern: 'any prefix (Firehose export of findings)' },
  ],
  recognisedBy: 'EventBridge `detail-type: Security Hub Findings - *`, else JSON with `SchemaVersion` + `ProductArn` + `Types`',
  fields: ['Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'Title', 'Description', 'Severity.Label', 'Severity.Normalized', 'Compliance.Status', 'Workflow.Status', 'RecordState', 'CreatedAt', 'UpdatedAt', 'findings_in_event'],
  commonFields: ['finding.type', 'finding.severity', 'finding.severity_score', 'event.outcome', 'cloud.region'],
  recordKeys: ['detail:security hub findings - imported', 'detail:security hub findings - custom action', 'detail:security hub insight results'],
  matches: (record) => mentionsKeys(record, ['SchemaVersion', 'ProductArn', 'Types']),
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`securityhub: ${object.reason}`);
    const { finding, count } = findingOf(object.value);
    if (finding === undefined) return failed('securityhub: field detail.findings holds no finding');
    if (typeof finding.Id !== 'string') return failed('securityhub: field Id is missing');
    const envelope = eventBridgeEnvelope(object.value);
    return parsed('securityhub', { ...flatten(finding), ...envelopeAttributes(envelope), findings_in_event: count }, finding.UpdatedAt ?? finding.CreatedAt ?? envelope?.time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const severityObject = { Label: f['Severity.Label'], Normalized: f['Severity.Normalized'] };
    const severity = asffSeverity(severityObject);
    const types = Array.isArray(f.Types) ? (f.Types as unknown[]) : [];
    const compliance = str(f['Compliance.Status']);
    const resourceId = str(f['Resources']) === undefined ? undefined : /"Id":"([^"]+)"/.exec(String(f.Resources))?.[1];
    return buildEvent('securityhub', p, ctx, {
      severity,
      title: `Security Hub: ${str(f.Title) ?? str(f.GeneratorId) ?? 'finding'}`,
      description: str(f.Description),
      resource: { cloud: 'aws', account: str(f.AwsAccountId), region: str(f.Region), service: 'securityhub', name: resourceId, id: str(f.Id) },
      asset: resourceId,
      attributes: [f, commonFields({
          'finding.type': str(types[0]),
          'finding.severity': severity,
          'finding.severity_score': num(f['Severity.Normalized']),
          'event.outcome': compliance === 'PASSED' ? 'success' : compliance === 'FAILED' ? 'failure' : undefined,
          'cloud.region': f.Region,
        })],
    });
  },
};
