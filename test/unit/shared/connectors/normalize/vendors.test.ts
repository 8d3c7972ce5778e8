import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NormalizeContext } from '../../../../../shared/connectors/types.js';
import { dynatraceEventSeverity, dynatraceProblemSeverity, normalizeDynatrace } from '../../../../../shared/connectors/normalize/dynatrace.js';
import { deploymentStatusSeverity, normalizeGitHub, workflowRunSeverity } from '../../../../../shared/connectors/normalize/github.js';
import { normalizePagerDuty, pagerdutySeverity } from '../../../../../shared/connectors/normalize/pagerduty.js';
import { normalizeServiceNow, servicenowSeverity } from '../../../../../shared/connectors/normalize/servicenow.js';
import { normalizeSplunk } from '../../../../../shared/connectors/normalize/splunk.js';
import { defaultRegistry, type BronzeEventDraft } from '../../../../../shared/schema/index.js';
import { vendorFixture } from '../../../../helpers/vendors/fixtures.js';

const WINDOW = { start: Date.parse('2026-11-24T12:00:00.000Z'), end: Date.parse('2026-11-25T12:00:00.000Z') };
const ctx = (dataType: string, scope = 'default'): NormalizeContext => ({ dataType, scope, window: WINDOW, ingestedAt: '2026-11-25T12:00:05.000Z' });
const snOptions = { includeFreeText: false, cmdbClass: 'cmdb_ci' };

type Normalize = (record: unknown, c: NormalizeContext) => BronzeEventDraft;
const statuses = vendorFixture<Record<string, unknown[]>>('github', 'deployment-statuses');

/** Every fixture record through its normalizer: [label, normalize, data type, scope, records]. */
const CASES: Array<[string, Normalize, string, string, unknown[]]> = [
  ['dynatrace problems', normalizeDynatrace, 'problems', 'default', vendorFixture('dynatrace', 'problems')],
  ['dynatrace events', normalizeDynatrace, 'events', 'default', vendorFixture('dynatrace', 'events')],
  ['dynatrace entities', normalizeDynatrace, 'entities', 'default', vendorFixture('dynatrace', 'entities')],
  ['splunk results', normalizeSplunk, 'security', 'default', vendorFixture('splunk', 'results')],
  ['servicenow incidents', (r, c) => normalizeServiceNow(r, c, snOptions), 'incidents', 'default', vendorFixture('servicenow', 'incident')],
  ['servicenow changes', (r, c) => normalizeServiceNow(r, c, snOptions), 'changes', 'default', vendorFixture('servicenow', 'change_request')],
  ['servicenow CIs', (r, c) => normalizeServiceNow(r, c, snOptions), 'config_items', 'default', vendorFixture('servicenow', 'cmdb_ci')],
  ['pagerduty incidents', normalizePagerDuty, 'incidents', 'default', vendorFixture('pagerduty', 'incidents')],
  ['pagerduty on-calls', normalizePagerDuty, 'oncalls', 'default', vendorFixture('pagerduty', 'oncalls')],
  ['github deployments', normalizeGitHub, 'deployments', 'o/r', vendorFixture('github', 'deployments')],
  ['github statuses', normalizeGitHub, 'deployment_statuses', 'o/r', statuses['1005']!.map((status) => ({ deployment: { id: 1005, sha: 'abc' }, status }))],
  ['github releases', normalizeGitHub, 'releases', 'o/r', vendorFixture('github', 'releases')],
  ['github workflow runs', normalizeGitHub, 'workflow_runs', 'o/r', vendorFixture('github', 'workflow-runs')],
  ['github dependabot alerts', normalizeGitHub, 'dependabot_alerts', 'o/r', vendorFixture('github', 'dependabot-alerts')],
];

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('the connector normalizers', () => {
  it.each(CASES)('turn every %s fixture into a valid BronzeEvent with a deterministic id', (_label, normalize, dataType, scope, records) => {
    const registry = defaultRegistry();
    for (const record of records) {
      const draft = normalize(deepFreeze(structuredClone(record)), ctx(dataType, scope));
      const valid = registry.validateEvent(draft);
      expect(valid.ok ? [] : valid.issues).toEqual([]);
      expect(normalize(structuredClone(record), ctx(dataType, scope)).event_id).toBe(draft.event_id);
      expect(draft.raw_data).toBeDefined();
    }
    const ids = records.map((r) => normalize(r, ctx(dataType, scope)).event_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(CASES)('never throw and never mutate on arbitrary %s input', (_label, normalize, dataType, scope) => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: false }), (value) => {
        const before = JSON.stringify(value) ?? '';
        const out = normalize(value, ctx(dataType, scope));
        return typeof out.event_id === 'string' && typeof out.title === 'string' && out.title.length > 0 && (JSON.stringify(value) ?? '') === before;
      }),
      { numRuns: 200 },
    );
  });

  it('leave an unreadable time empty, so validation quarantines the event with a reason', () => {
    const draft = normalizePagerDuty({ id: 'Q1', created_at: 'soon', status: 'triggered' }, ctx('incidents'));
    const valid = defaultRegistry().validateEvent(draft);
    expect(valid.ok).toBe(false);
    expect(!valid.ok && valid.issues[0]!.path).toBe('timestamp');
  });
});

describe('severity mappings', () => {
  it.each([
    ['AVAILABILITY', 'CRITICAL'],
    ['ERROR', 'HIGH'],
    ['PERFORMANCE', 'MEDIUM'],
    ['RESOURCE_CONTENTION', 'MEDIUM'],
    ['CUSTOM_ALERT', 'MEDIUM'],
    ['MONITORING_UNAVAILABLE', 'LOW'],
    ['INFO', 'INFO'],
    ['SOMETHING_NEW', 'MEDIUM'],
  ])('Dynatrace problem %s → %s', (level, expected) => {
    expect(dynatraceProblemSeverity(level)).toBe(expected);
  });

  it.each([
    ['AVAILABILITY_EVENT', 'CRITICAL'],
    ['HOST_OF_SERVICE_UNAVAILABLE', 'CRITICAL'],
    ['ERROR_EVENT', 'HIGH'],
    ['PERFORMANCE_EVENT', 'MEDIUM'],
    ['CUSTOM_DEPLOYMENT', 'INFO'],
    ['CUSTOM_CONFIGURATION', 'INFO'],
  ])('Dynatrace event %s → %s', (type, expected) => {
    expect(dynatraceEventSeverity(type)).toBe(expected);
  });

  it.each([
    ['1', 'CRITICAL'],
    ['2', 'HIGH'],
    ['3', 'MEDIUM'],
    ['4', 'LOW'],
    ['5', 'INFO'],
    [{ value: '1', display_value: '1 - Critical' }, 'CRITICAL'],
    ['', 'INFO'],
  ])('ServiceNow priority %j → %s', (priority, expected) => {
    expect(servicenowSeverity(priority)).toBe(expected);
  });

  it.each([
    [{ priority: { summary: 'P1' }, urgency: 'low' }, 'CRITICAL'],
    [{ priority: { summary: 'P5' } }, 'INFO'],
    [{ priority: null, urgency: 'high' }, 'HIGH'],
    [{ urgency: 'low' }, 'LOW'],
    [{}, 'MEDIUM'],
  ])('PagerDuty %j → %s', (incident, expected) => {
    expect(pagerdutySeverity(incident)).toBe(expected);
  });

  it.each([
    ['failure', 'MEDIUM'],
    ['timed_out', 'MEDIUM'],
    ['cancelled', 'LOW'],
    ['success', 'INFO'],
    [null, 'INFO'],
  ])('GitHub workflow conclusion %s → %s', (conclusion, expected) => {
    expect(workflowRunSeverity(conclusion)).toBe(expected);
  });

  it.each([
    ['failure', 'HIGH'],
    ['error', 'HIGH'],
    ['success', 'INFO'],
    ['inactive', 'INFO'],
  ])('GitHub deployment state %s → %s', (state, expected) => {
    expect(deploymentStatusSeverity(state)).toBe(expected);
  });
});

describe('ServiceNow free text', () => {
  it('is left out of raw_data by default and kept on request', () => {
    const [incident] = vendorFixture<unknown[]>('servicenow', 'incident');
    expect(Object.keys(normalizeServiceNow(incident, ctx('incidents'), snOptions).raw_data as object)).not.toContain('description');
    expect(normalizeServiceNow(incident, ctx('incidents'), { ...snOptions, includeFreeText: true }).raw_data).toBe(incident);
  });
});
