import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'cdktf';
import { readCloudSettings } from '../settings.js';
import { AzureSettingsSchema } from './settings.js';
import { AzureBridgeStack } from './stack.js';

// `cdktf synth|deploy` runs this from infra/azure (cdktf.json). Config: BRIDGE_CONFIG (bridge.yaml)
// → its `azure:` section, plus BRIDGE__AZURE__* environment overrides. Package: `npm run build` → dist/azure.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const settings = readCloudSettings('azure', AzureSettingsSchema);
const packageDir = process.env.BRIDGE_AZURE_PACKAGE_DIR ?? join(repoRoot, 'dist', 'azure');

// The CLI sets CDKTF_OUTDIR; run directly (npm run synth), the output lands where the CLI would put it.
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? fileURLToPath(new URL('./cdktf.out', import.meta.url)) });
new AzureBridgeStack(app, process.env.BRIDGE_AZURE_STACK ?? 'telemetry-bridge-azure', { settings, packageDir });
app.synth();
