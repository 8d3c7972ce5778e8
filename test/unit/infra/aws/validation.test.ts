import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsSettingsSchema } from '../../../../infra/aws/settings.js';
import { TelemetryBridgeStack } from '../../../../infra/aws/stack.js';
import { workspace } from './support.js';

const ws = workspace();
afterAll(() => ws.dispose());

// The one synth with CDK's built-in CloudFormation validation on (the other infra tests turn it
// off: it dominates synth time). With validateAgainstDefaultRules an error fails the synth.
describe('the AWS stack under CloudFormation validation', () => {
  // Validation is CPU-bound (~5 s on an idle core); on the shared 2-core machine under load it has taken 30–36 s.
  it('synthesizes with every option on and no violations', { timeout: 120_000 }, () => {
    const outdir = mkdtempSync(join(ws.root, 'cdk.out-'));
    const app = new App({ outdir, builtinCloudFormationValidation: true, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const settings = AwsSettingsSchema.parse({
      log_groups: ['/aws/vpc/flow-logs'],
      log_group_prefixes: ['/aws/eks/'],
      s3_notification_prefixes: ['incoming/'],
      evidence_object_lock: true,
      connector_secret_names: ['bridge/github-token'],
      alarm_topic_arn: 'arn:aws:sns:eu-west-1:123456789012:ops',
    });
    new TelemetryBridgeStack(app, 'Bridge', { settings, distDir: ws.dist, env: { account: '123456789012', region: 'eu-west-1' } });
    const assembly = app.synth();
    expect(assembly.getStackByName('Bridge').template).toHaveProperty('Resources');
    const report = join(assembly.directory, 'validation-report.json');
    if (existsSync(report)) {
      const text = readFileSync(report, 'utf8');
      expect(text).not.toMatch(/"severity":\s*"(error|fatal)"/);
    }
  });
});
