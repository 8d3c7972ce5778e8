import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GCS_VERB_PERMISSIONS, type GcsVerb } from '../../../../infra/gcp/function-access.js';
import { GcpSettingsSchema } from '../../../../infra/gcp/settings.js';
import { GCP_SECRETS, GcpBridgeStack } from '../../../../infra/gcp/stack.js';
import { CLOUD_FUNCTIONS, prefixOf, ROLE_ACCESS, SECRET_NAMES } from '../../../../infra/permissions.js';
import { cdktfWorkspace, resources, type TerraformJson } from '../cdktf-support.js';

const ws = cdktfWorkspace('gcp-permissions');
afterAll(() => ws.dispose());

function synth(section: Record<string, unknown>): TerraformJson {
  const app = new App({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
  const stack = new GcpBridgeStack(app, 'bridge', { settings: GcpSettingsSchema.parse(section), sourceDir: ws.gcpSource });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

type Binding = { bucket: string; role: string; member: string; condition?: { expression: string } };

/**
 * What a member may do to objects, read back from the synthesized bindings: `permission bucket prefix`
 * lines, with the custom roles resolved to their permissions and the conditions to their prefixes
 * (a binding without a condition would show as the prefix `*`).
 */
function effectiveObjectAccess(json: TerraformJson, member: string): string[] {
  const roles = resources(json, 'google_project_iam_custom_role');
  const permissionsOf = (role: string): string[] => {
    const id = /^\$\{google_project_iam_custom_role\.([^.]+)\.name\}$/.exec(role)?.[1];
    return id ? (roles[id]!.permissions as string[]) : [`predefined:${role}`];
  };
  const out: string[] = [];
  for (const b of Object.values(resources(json, 'google_storage_bucket_iam_member')) as Binding[]) {
    if (b.member !== member) continue;
    const expression = b.condition?.expression;
    const prefixes = expression
      ? [...expression.matchAll(/(?:objects\/|startsWith\(")([a-z][a-z/_-]*\/)"\)/g)].map((m) => m[1]!)
      : ['*'];
    for (const permission of permissionsOf(b.role)) for (const prefix of prefixes) out.push(`${permission} ${b.bucket} ${prefix}`);
  }
  return [...new Set(out)].sort();
}

function secretsOf(json: TerraformJson, member: string): string[] {
  const byRef = new Map(GCP_SECRETS.map((s) => [`\${google_secret_manager_secret.${s.id}.id}`, s.name]));
  return (Object.values(resources(json, 'google_secret_manager_secret_iam_member')) as Array<{ secret_id: string; member: string; role: string }>)
    .filter((b) => b.member === member)
    .map((b) => `${b.role} ${byRef.get(b.secret_id) ?? b.secret_id}`)
    .sort();
}

const FUNCTION_IDS: Record<keyof typeof CLOUD_FUNCTIONS.gcp, string> = { ingestPubSub: 'IngestPubSub', scheduledCollect: 'ScheduledCollect', evidenceHttp: 'EvidenceHttp', httpIngest: 'HttpIngest' };

function memberOf(json: TerraformJson, fnId: string): string {
  const fn = resources(json, 'google_cloudfunctions2_function')[fnId] as { service_config: { service_account_email: string } };
  return `serviceAccount:${fn.service_config.service_account_email}`;
}

let plain: TerraformJson;
let locked: TerraformJson;
beforeAll(() => {
  plain = synth({ project: 'acme-telemetry', connector_secret_names: ['dynatrace-token'] });
  locked = synth({ project: 'acme-telemetry', evidence_retention_lock: true });
});

describe('GCP effective permissions against the permission table', () => {
  it('runs each function as its own service account', () => {
    const members = Object.values(FUNCTION_IDS).map((id) => memberOf(plain, id));
    expect(new Set(members).size).toBe(Object.keys(CLOUD_FUNCTIONS.gcp).length);
  });

  it.each(Object.entries(CLOUD_FUNCTIONS.gcp))('gives %s (%s) exactly its table row on objects, by prefix', (name, role) => {
    for (const [json, evidenceBucket] of [[plain, '${google_storage_bucket.Bucket.name}'], [locked, '${google_storage_bucket.EvidenceBucket.name}']] as const) {
      const access = ROLE_ACCESS[role];
      const expected = (Object.keys(GCS_VERB_PERMISSIONS) as GcsVerb[]).flatMap((verb) =>
        access[verb].flatMap((area) =>
          GCS_VERB_PERMISSIONS[verb].map((p) => `${p} ${area === 'evidence' ? evidenceBucket : '${google_storage_bucket.Bucket.name}'} ${prefixOf(area)}`),
        ),
      );
      expect(effectiveObjectAccess(json, memberOf(json, FUNCTION_IDS[name as keyof typeof FUNCTION_IDS]))).toEqual([...new Set(expected)].sort());
    }
  });

  it.each(Object.entries(CLOUD_FUNCTIONS.gcp))('lets %s (%s) read exactly the secrets of its table row', (name, role) => {
    const expected = ROLE_ACCESS[role].secrets.flatMap((use) =>
      use === 'connectors' ? ['projects/${data.google_project.project.project_id}/secrets/dynatrace-token'] : [SECRET_NAMES[use]],
    );
    expect(secretsOf(plain, memberOf(plain, FUNCTION_IDS[name as keyof typeof FUNCTION_IDS]))).toEqual(expected.map((s) => `roles/secretmanager.secretAccessor ${s}`).sort());
  });

  it('lets only the evidence and HTTP ingest functions (GET /evidence) create under evidence/, and nobody overwrite or delete there', () => {
    const writers = Object.values(FUNCTION_IDS).filter((id) => effectiveObjectAccess(plain, memberOf(plain, id)).some((l) => l.startsWith('storage.objects.create') && l.endsWith(' evidence/')));
    expect(writers).toEqual(['EvidenceHttp', 'HttpIngest']);
    for (const id of Object.values(FUNCTION_IDS)) {
      expect(effectiveObjectAccess(plain, memberOf(plain, id)).filter((l) => l.startsWith('storage.objects.delete') && l.endsWith(' evidence/'))).toEqual([]);
    }
  });

  it('grants no predefined storage role and no unconditional bucket binding to any function', () => {
    for (const id of Object.values(FUNCTION_IDS)) {
      const lines = effectiveObjectAccess(plain, memberOf(plain, id));
      expect(lines.filter((l) => l.startsWith('predefined:') || l.endsWith(' *'))).toEqual([]);
    }
  });

  it('gives each Eventarc trigger its own identity that may only invoke its function', () => {
    const fns = resources(plain, 'google_cloudfunctions2_function') as Record<string, { event_trigger?: { service_account_email: string } }>;
    const invokers = (Object.values(resources(plain, 'google_cloud_run_v2_service_iam_member')) as Array<{ name: string; member: string }>).map((b) => `${b.name} ${b.member}`);
    const triggers = ['IngestPubSub', 'ScheduledCollect'].map((id) => fns[id]!.event_trigger!.service_account_email);
    expect(new Set(triggers).size).toBe(2);
    expect(invokers.sort()).toEqual(['IngestPubSub', 'ScheduledCollect'].map((id, i) => `\${google_cloudfunctions2_function.${id}.name} serviceAccount:${triggers[i]}`).sort());
    for (const id of Object.values(FUNCTION_IDS)) expect(triggers).not.toContain(memberOf(plain, id).replace('serviceAccount:', ''));
  });
});
