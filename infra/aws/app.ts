import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { readCloudSettings } from '../settings.js';
import { AwsSettingsSchema } from './settings.js';
import { TelemetryBridgeStack } from './stack.js';

// `cdk synth|deploy` runs this (cdk.json). Config: BRIDGE_CONFIG (bridge.yaml) → its `aws:` section,
// plus BRIDGE__AWS__* environment overrides. Bundles: `npm run build` → dist/aws/<handler>/index.mjs.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const app = new App();
const configPath = (app.node.tryGetContext('config') as string | undefined) ?? process.env.BRIDGE_CONFIG;
const settings = readCloudSettings('aws', AwsSettingsSchema, configPath ? { path: configPath } : {});
const distDir = (app.node.tryGetContext('dist_dir') as string | undefined) ?? join(repoRoot, 'dist');
const stackName = (app.node.tryGetContext('stack_name') as string | undefined) ?? 'TelemetryBridge';

new TelemetryBridgeStack(app, stackName, {
  settings,
  distDir,
  description: 'Telemetry Bridge: log ingest, scheduled collection and signed evidence',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
