import type { Resource } from '../schema/index.js';

export interface Arn {
  partition: string;
  service: string;
  region?: string;
  account?: string;
  resource: string;
}

/** `arn:aws:wafv2:us-east-1:123456789012:regional/webacl/name/id` → its parts; undefined when not an ARN. */
export function parseArn(arn: unknown): Arn | undefined {
  if (typeof arn !== 'string') return undefined;
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3] || undefined, account: m[4] || undefined, resource: m[5]! };
}

/** The resource's own name: the last `/` or `:` separated part (`regional/webacl/my-acl/id` → `my-acl` for WAF). */
export function arnResourceName(arn: Arn): string {
  const parts = arn.resource.split(/[/:]/).filter((p) => p !== '');
  if (arn.service === 'wafv2' && parts.length >= 4) return parts[2]!;
  return parts[parts.length - 1] ?? arn.resource;
}

export interface AzureResourceId {
  /** Lower-cased (Azure resource ids are case-insensitive; Activity logs upper-case them). */
  id: string;
  subscription?: string;
  tenant?: string;
  resourceGroup?: string;
  provider?: string;
  name?: string;
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}` → its parts. */
export function parseAzureResourceId(resourceId: unknown): AzureResourceId | undefined {
  if (typeof resourceId !== 'string' || !resourceId.startsWith('/')) return undefined;
  const id = resourceId.toLowerCase().replace(/\/+$/, '');
  const parts = id.split('/').filter((p) => p !== '');
  const after = (key: string): string | undefined => {
    const i = parts.indexOf(key);
    return i >= 0 ? parts[i + 1] : undefined;
  };
  const providerIndex = parts.lastIndexOf('providers');
  const tail = providerIndex >= 0 ? parts.slice(providerIndex + 2) : [];
  return {
    id,
    subscription: after('subscriptions'),
    tenant: after('tenants'),
    resourceGroup: after('resourcegroups'),
    provider: after('providers'),
    name: tail.length >= 2 ? tail[tail.length - 1] : (parts[parts.length - 1] ?? undefined),
  };
}

/** A copy without undefined fields; undefined when nothing is left. */
export function compactResource(resource: Resource): Resource | undefined {
  const out: Resource = {};
  for (const [k, v] of Object.entries(resource) as Array<[keyof Resource, unknown]>) {
    if (typeof v === 'string' && v !== '') (out as Record<string, unknown>)[k] = v;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
