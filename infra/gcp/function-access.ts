import { Construct } from 'constructs';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role/index.js';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member/index.js';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member/index.js';
import { prefixOf, type Area, type RoleAccess, type SecretUse } from '../permissions.js';

/**
 * The GCS permissions behind each verb of the permission table. Overwriting an object needs
 * delete as well as create (a retried delivery rewrites its batch key); `create` alone cannot
 * replace anything (evidence is written with ifGenerationMatch=0).
 */
export const GCS_VERB_PERMISSIONS = {
  write: ['storage.objects.create', 'storage.objects.delete'],
  create: ['storage.objects.create'],
  read: ['storage.objects.get'],
  delete: ['storage.objects.delete'],
  list: ['storage.objects.list'],
} as const;
export type GcsVerb = keyof typeof GCS_VERB_PERMISSIONS;

/** The project's custom roles, one per verb, shared by the functions' bindings. */
export class BridgeStorageRoles extends Construct {
  readonly roles: Record<GcsVerb, ProjectIamCustomRole>;

  constructor(scope: Construct, id: string, props: { namePrefix: string; project: string }) {
    super(scope, id);
    const base = props.namePrefix.replace(/-/g, '_');
    this.roles = {} as Record<GcsVerb, ProjectIamCustomRole>;
    for (const verb of Object.keys(GCS_VERB_PERMISSIONS) as GcsVerb[]) {
      this.roles[verb] = new ProjectIamCustomRole(this, verb, {
        project: props.project,
        roleId: `${base}_objects_${verb}`,
        title: `Telemetry Bridge objects: ${verb}`,
        description: `Granted per function with a condition naming the lake prefixes it may ${verb}`,
        permissions: [...GCS_VERB_PERMISSIONS[verb]],
      });
    }
  }
}

/**
 * The condition that limits a binding to some prefixes of one bucket: object names for object
 * requests, the request's list prefix for list requests (whose resource is the bucket).
 */
export function prefixCondition(bucketName: string, prefixes: string[], verb: GcsVerb): string {
  const terms =
    verb === 'list'
      ? prefixes.map((p) => `api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("${p}")`)
      : prefixes.map((p) => `resource.name.startsWith("projects/_/buckets/${bucketName}/objects/${p}")`);
  return terms.join(' || ');
}

export interface FunctionIdentityProps {
  accountId: string;
  displayName: string;
  access: RoleAccess;
  roles: BridgeStorageRoles;
  /** Where an area's objects live (evidence may have its own bucket). */
  bucketFor: (area: Area) => StorageBucket;
  /** Secret Manager secret ids (`projects/…/secrets/…` or a resource's id) per secret use. */
  secretIds: (use: SecretUse) => string[];
}

/** One function's service account, with conditional bindings for exactly its row of the permission table. */
export class FunctionIdentity extends Construct {
  readonly account: ServiceAccount;
  readonly member: string;

  constructor(scope: Construct, id: string, props: FunctionIdentityProps) {
    super(scope, id);
    this.account = new ServiceAccount(this, 'Account', { accountId: props.accountId, displayName: props.displayName });
    this.member = `serviceAccount:${this.account.email}`;
    for (const verb of Object.keys(GCS_VERB_PERMISSIONS) as GcsVerb[]) {
      const byBucket = new Map<StorageBucket, string[]>();
      for (const area of props.access[verb]) {
        const bucket = props.bucketFor(area);
        byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), prefixOf(area)]);
      }
      let i = 0;
      for (const [bucket, prefixes] of byBucket) {
        new StorageBucketIamMember(this, `${verb}${i++}`, {
          bucket: bucket.name,
          role: props.roles.roles[verb].name,
          member: this.member,
          condition: { title: `${verb} ${prefixes.join(' ')}`.slice(0, 100), expression: prefixCondition(bucket.name, prefixes, verb) },
        });
      }
    }
    props.access.secrets.forEach((use) => {
      props.secretIds(use).forEach((secretId, i) => {
        new SecretManagerSecretIamMember(this, `reads-${use}${i}`, { secretId, role: 'roles/secretmanager.secretAccessor', member: this.member });
      });
    });
  }
}
