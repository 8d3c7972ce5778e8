import { Construct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition/index.js';
import type { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container/index.js';
import { prefixOf, type Area, type RoleAccess } from '../permissions.js';

export const BLOB = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs';

/**
 * The blob data actions behind each verb of the permission table. Azure cannot tell a create from
 * an overwrite by role, so `create` is `write` here; write-once evidence rests on if-none-match
 * and, with evidence_immutability, the locked container policy.
 */
export const BLOB_VERB_ACTIONS = {
  write: [`${BLOB}/write`, `${BLOB}/add/action`],
  create: [`${BLOB}/write`, `${BLOB}/add/action`],
  read: [`${BLOB}/read`],
  delete: [`${BLOB}/delete`],
} as const;
type AssignedVerb = 'write' | 'read' | 'delete';

const pathIn = (prefixes: string[]): string => prefixes.map((p) => `@Resource[${BLOB}:path] StringStartsWith '${p}'`).join(' OR ');
const listPrefixIn = (prefixes: string[]): string => prefixes.map((p) => `@Request[${BLOB}:prefix] StringStartsWith '${p}'`).join(' OR ');

/** One condition block (the documented shape): a request that is any of `matches` must satisfy `expression`. */
const block = (matches: string[], expression: string): string => `(\n (\n  ${matches.map((m) => `!(${m})`).join(' AND ')}\n )\n OR\n (\n  ${expression}\n )\n)`;

/**
 * The ABAC condition (version 2.0) for one verb on some prefixes of a container. Reads are split
 * by suboperation: reading a blob checks its path, listing checks the request's prefix (a role
 * that reads a prefix but has no list right on any may list the prefixes it reads).
 */
export function blobCondition(verb: AssignedVerb, prefixes: string[], listPrefixes: string[] = []): string {
  if (verb === 'read') {
    const read = block([`ActionMatches{'${BLOB}/read'} AND NOT SubOperationMatches{'Blob.List'}`], pathIn(prefixes));
    const list = block([`ActionMatches{'${BLOB}/read'} AND SubOperationMatches{'Blob.List'}`], listPrefixIn(listPrefixes.length > 0 ? listPrefixes : prefixes));
    return `${read}\nAND\n${list}`;
  }
  const actions = verb === 'write' ? BLOB_VERB_ACTIONS.write : BLOB_VERB_ACTIONS.delete;
  return block(actions.map((a) => `ActionMatches{'${a}'}`), pathIn(prefixes));
}

/** Custom roles with exactly one verb's blob data actions, assignable in the resource group. */
export class BlobVerbRoles extends Construct {
  readonly roles: Record<AssignedVerb, RoleDefinition>;

  constructor(scope: Construct, id: string, props: { name: string; resourceGroupId: string }) {
    super(scope, id);
    const make = (verb: AssignedVerb, dataActions: readonly string[]): RoleDefinition =>
      new RoleDefinition(this, verb, {
        name: `${props.name} blob ${verb}`,
        scope: props.resourceGroupId,
        description: `Telemetry Bridge: ${verb} blobs, assigned per function with a condition naming its prefixes`,
        permissions: [{ dataActions: [...dataActions] }],
        assignableScopes: [props.resourceGroupId],
      });
    this.roles = { write: make('write', BLOB_VERB_ACTIONS.write), read: make('read', BLOB_VERB_ACTIONS.read), delete: make('delete', BLOB_VERB_ACTIONS.delete) };
  }
}

export interface BlobAccessProps {
  principalId: string;
  access: RoleAccess;
  roles: BlobVerbRoles;
  /** The container an area lives in (evidence may have its own). */
  containerFor: (area: Area) => StorageContainer;
}

/** One identity's role assignments on the lake: per container and verb, a custom role with a prefix condition. */
export class BlobAccess extends Construct {
  constructor(scope: Construct, id: string, props: BlobAccessProps) {
    super(scope, id);
    const a = props.access;
    const byContainer = (areas: Area[]): Map<StorageContainer, string[]> => {
      const out = new Map<StorageContainer, string[]>();
      for (const area of areas) {
        const c = props.containerFor(area);
        out.set(c, [...new Set([...(out.get(c) ?? []), prefixOf(area)])]);
      }
      return out;
    };
    const assign = (verb: AssignedVerb, areas: Area[], listAreas: Area[] = []): void => {
      const lists = byContainer(listAreas);
      let i = 0;
      for (const [container, prefixes] of byContainer(areas)) {
        new RoleAssignment(this, `${verb}${i++}`, {
          scope: container.id,
          roleDefinitionId: props.roles.roles[verb].roleDefinitionResourceId,
          principalId: props.principalId,
          principalType: 'ServicePrincipal',
          condition: blobCondition(verb, prefixes, lists.get(container) ?? []),
          conditionVersion: '2.0',
        });
      }
    };
    assign('write', [...a.write, ...a.create]);
    assign('read', [...a.read, ...a.list], a.list);
    assign('delete', a.delete);
  }
}
