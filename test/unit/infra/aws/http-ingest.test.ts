import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_INGEST_ACCESS } from '../../../../infra/aws/http-ingest.js';
import { ROLE_ACCESS } from '../../../../infra/permissions.js';
import { actionsOf, resourcesOfType, statementsOfFunction, synth, workspace, type Synthesized } from './support.js';

const ws = workspace();
afterAll(() => ws.dispose());

let plain: Synthesized;
let notifying: Synthesized;

beforeAll(() => {
  plain = synth(ws.root, ws.dist, {});
  notifying = synth(ws.root, ws.dist, { s3_notification_prefixes: ['incoming/'] });
});

describe('the HTTP ingest function (infra/aws/http-ingest.ts)', () => {
  it('is reached only through an IAM-authenticated Function URL', () => {
    const fn = resourcesOfType(plain.json, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === 'telemetry-bridge-http-ingest');
    expect(fn).toBeDefined();
    const urls = resourcesOfType(plain.json, 'AWS::Lambda::Url').filter(([, r]) => JSON.stringify(r.Properties?.TargetFunctionArn).includes(fn![0]));
    expect(urls).toHaveLength(1);
    expect(urls[0]![1].Properties?.AuthType).toBe('AWS_IAM');
    expect(Object.keys(plain.template.findOutputs('HttpIngestUrl'))).toEqual(['HttpIngestUrl']);
  });

  it('holds the edge row of the permission table: the push path areas, evidence, the health probe\'s read of state, no delete', () => {
    expect(HTTP_INGEST_ACCESS).toBe(ROLE_ACCESS.edge);
    const statements = statementsOfFunction(plain.json, 'telemetry-bridge-http-ingest');
    const actions = statements.flatMap(actionsOf);
    expect(actions).toContain('s3:PutObject');
    expect(actions).toContain('s3:GetObject');
    expect(actions.some((a) => a.startsWith('s3:Delete'))).toBe(false);
    const puts = statements.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(JSON.stringify(puts)).toContain('raw/*');
    expect(JSON.stringify(puts)).not.toContain('state/*');
    const secretReads = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(secretReads).toHaveLength(ROLE_ACCESS.edge.secrets.length);
    const env = (resourcesOfType(plain.json, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === 'telemetry-bridge-http-ingest')![1].Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(env).filter((k) => k.endsWith('_SECRET_REF')).sort()).toEqual(
      ['BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF', 'BRIDGE__REDACTION__HMAC_KEY_SECRET_REF', 'BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF'],
    );
  });

  it('outputs the S3 ingest queue URL for bridge backfill --enqueue when the stack has one', () => {
    expect(Object.keys(plain.template.findOutputs('IngestQueueUrl'))).toEqual([]);
    expect(Object.keys(notifying.template.findOutputs('IngestQueueUrl'))).toEqual(['IngestQueueUrl']);
  });
});
