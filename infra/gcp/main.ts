import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'cdktf';
import { readCloudSettings } from '../settings.js';
import { GcpSettingsSchema } from './settings.js';
import { GcpBridgeStack } from './stack.js';

// `cdktf synth|deploy` runs this from infra/gcp (cdktf.json). Config: BRIDGE_CONFIG (bridge.yaml)
// → its `gcp:` section, plus BRIDGE__GCP__* environment overrides. Source: `npm run build` → dist/gcp.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const settings = readCloudSettings('gcp', GcpSettingsSchema);
const sourceDir = process.env.BRIDGE_GCP_SOURCE_DIR ?? join(repoRoot, 'dist', 'gcp');

// The CLI sets CDKTF_OUTDIR; run directly (npm run synth), the output lands where the CLI would put it.
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? fileURLToPath(new URL('./cdktf.out', import.meta.url)) });
new GcpBridgeStack(app, process.env.BRIDGE_GCP_STACK ?? 'telemetry-bridge-gcp', { settings, sourceDir });
app.synth();
