import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveryContext } from '../../../../shared/catalogue/types.js';
import { LOG_TYPES } from '../../../../shared/catalogue/index.js';
import type { RawRecord } from '../../../../shared/decode/types.js';
import { SOURCES } from '../../../../shared/schema/index.js';
import { deepFreeze } from '../parse/fixtures.js';

/** Text that is sometimes JSON, sometimes a line in one of the known formats. */
const textArb = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.array(fc.constantFrom('2', 'http', 'h2', 'eni-1', 'OK', 'ACCEPT', 'REJECT', '10.0.0.1:443', '"GET https://a/ HTTP/1.1"', '-', '2024-06-01T10:00:00.000000Z', 'REPORT', '\t', ' ', '{', '"'), { maxLength: 30 }).map((p) => p.join(' ')),
);
/** Values shaped like the wire's records: Azure diagnostic records, LogEntries, CloudTrail, anything. */
const valueArb = fc.oneof(
  fc.jsonValue(),
  fc.record({ category: fc.constantFrom('AZFWNetworkRule', 'SignInLogs', 'Administrative', 'kube-audit', 'AuditEvent', 'StorageRead'), properties: fc.jsonValue(), operationName: fc.string(), time: fc.string(), resourceId: fc.string() }, { requiredKeys: ['category'] }),
  fc.record({ logName: fc.constantFrom('projects/p/logs/cloudaudit.googleapis.com%2Factivity', 'projects/p/logs/requests', 'projects/p/logs/run.googleapis.com%2Frequests'), resource: fc.record({ type: fc.constantFrom('http_load_balancer', 'cloud_run_revision', 'gce_subnetwork', 'k8s_cluster'), labels: fc.dictionary(fc.string({ maxLength: 8 }), fc.string()) }), protoPayload: fc.jsonValue(), jsonPayload: fc.jsonValue(), httpRequest: fc.jsonValue(), timestamp: fc.string() }, { requiredKeys: ['logName'] }),
  fc.record({ eventVersion: fc.constant('1.08'), eventSource: fc.string(), eventName: fc.string(), eventTime: fc.string(), userIdentity: fc.jsonValue(), detail: fc.jsonValue() }, { requiredKeys: ['eventVersion'] }),
);
const recordArb: fc.Arbitrary<RawRecord> = fc.record(
  {
    path: fc.constant('p'),
    text: textArb,
    value: valueArb,
    recordId: fc.string({ maxLength: 40 }),
    transportTime: fc.oneof(fc.integer({ min: -1e3, max: 4e12 }), fc.double()),
    meta: fc.dictionary(fc.constantFrom('logGroup', 'owner', 'header', 'key', 'bucket', 'category'), fc.oneof(fc.string({ maxLength: 40 }), fc.constant('AWSLogs/123456789012/vpcflowlogs/eu-west-1/2024/06/01/x.log.gz'))),
  },
  { requiredKeys: ['path', 'meta'] },
);
const ctxArb: fc.Arbitrary<DeliveryContext> = fc.record(
  {
    trigger: fc.constantFrom('cloudwatch', 's3', 'eventhub', 'pubsub'),
    logGroup: fc.constantFrom('/aws/vpc/flow', '/aws/lambda/fn', 'aws-cloudtrail-logs', 'x'),
    key: fc.constantFrom('AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2024/06/01/app.x.log.gz', 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2024/06/01/x.log.gz', 'app/x.ndjson'),
    eventHubName: fc.constantFrom('insights-logs-signinlogs', 'insights-activity-logs', 'hub'),
    declared: fc.record({ type: fc.constantFrom('vpcflow', 'alb', 'generic'), format: fc.constantFrom('${version} ${srcaddr} ${dstaddr}', '') }, { requiredKeys: ['type'] }),
  },
  { requiredKeys: ['trigger'] },
);

describe('every catalogue type (property)', () => {
  it.each(LOG_TYPES.map((t) => [t.type, t] as const))('%s: matches, parse and normalize never throw and never mutate the record', (_type, type) => {
    fc.assert(
      fc.property(recordArb, ctxArb, fc.constantFrom(...SOURCES), (record, ctx, source) => {
        const before = structuredClone(record);
        const frozen = deepFreeze(record);
        const frozenCtx = deepFreeze(ctx);
        type.matches(frozen, frozenCtx);
        const parsed = type.parse(frozen, frozenCtx);
        if (parsed.ok) {
          const parts = parsed.parsed.parts;
          const snapshot = structuredClone(parsed.parsed);
          const frozenParsed = deepFreeze(parsed.parsed);
          if (parts === undefined) type.normalize(frozenParsed, { source, ingestedAt: '2024-06-02T12:00:00.000Z', record: frozen });
          else for (const part of parts) type.normalize(deepFreeze({ sourceType: part.sourceType, fields: part.fields, time: part.time }), { source, ingestedAt: '2024-06-02T12:00:00.000Z', record: frozen });
          expect(parsed.parsed).toEqual(snapshot);
        } else expect(parsed.reason.length).toBeGreaterThan(0);
        expect(record).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});
