import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Terraform JSON as CDKTF synthesizes it (snake_case attributes). */
export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
}

/**
 * A workspace for one CDKTF test file: a temp folder that also becomes TMPDIR (CDKTF writes its
 * cdktf.outdir.* folders there), with placeholder build output (dist/azure, dist/gcp).
 */
export function cdktfWorkspace(name: string): { root: string; azurePackage: string; gcpSource: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), `bridge-infra-${name}-`));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  const azurePackage = join(root, 'dist', 'azure');
  const gcpSource = join(root, 'dist', 'gcp');
  for (const dir of [azurePackage, gcpSource]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(azurePackage, 'host.json'), '{ "version": "2.0" }\n');
  writeFileSync(join(azurePackage, 'package.json'), '{ "main": "index.mjs" }\n');
  writeFileSync(join(azurePackage, 'index.mjs'), 'export {};\n');
  writeFileSync(join(gcpSource, 'package.json'), '{ "main": "index.mjs" }\n');
  writeFileSync(join(gcpSource, 'index.mjs'), 'export {};\n');
  return {
    root,
    azurePackage,
    gcpSource,
    dispose: () => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** All resources of one type, by name. */
export function resources(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

export function only(json: TerraformJson, type: string): Record<string, unknown> {
  const all = Object.values(resources(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
}
