import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('writes the push path areas and evidence, reads state for the health probe, and deletes nothing', () => {
    const statements = statementsOfFunction(plain.json, 'telemetry-bridge-http-ingest');
    const actions = statements.flatMap(actionsOf);
    expect(actions).toContain('s3:PutObject');
    expect(actions).toContain('s3:GetObject');
    expect(actions.some((a) => a.startsWith('s3:Delete'))).toBe(false);
    const puts = statements.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(JSON.stringify(puts)).toContain('raw/*');
    expect(JSON.stringify(puts)).not.toContain('state/*');
  });

  it('outputs the S3 ingest queue URL for bridge backfill --enqueue when the stack has one', () => {
    expect(Object.keys(plain.template.findOutputs('IngestQueueUrl'))).toEqual([]);
    expect(Object.keys(notifying.template.findOutputs('IngestQueueUrl'))).toEqual(['IngestQueueUrl']);
  });
});
