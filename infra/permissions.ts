import { RETENTION } from '../shared/config/retention.js';

/**
 * The one permission table: which lake prefixes and which secrets each function role may use.
 * The three stacks grant exactly this (AWS IAM policies, Azure role assignments with ABAC
 * conditions, GCP IAM bindings with conditions), and a test per cloud reads the synthesized output
 * back and compares each function's effective permissions with it. docs/security.md shows it.
 * Change it when a handler's I/O changes, never a stack alone.
 */

/**
 * An area of the lake, named as in the retention table (raw, summaries, evidence, state, …), or a
 * narrower prefix inside one, written as the prefix itself (`state/deliveries/`).
 */
export type Area = string;

/** hmac: the redaction key every runtime resolves at start; fixops: sink API key; signing: evidence key; connectors: pull credentials. */
export type SecretUse = 'hmac' | 'fixops' | 'signing' | 'connectors';
export const SECRET_USES: readonly SecretUse[] = ['hmac', 'fixops', 'signing', 'connectors'];

/**
 * What a function does: take pushed log streams in, pull on a schedule, build signed evidence, or
 * serve the edge agents over HTTP (POST /ingest and /telemetry, GET /evidence, GET /health).
 */
export type BridgeRole = 'ingest' | 'collect' | 'evidence' | 'edge';
export const BRIDGE_ROLES: readonly BridgeRole[] = ['ingest', 'collect', 'evidence', 'edge'];

export interface RoleAccess {
  /** Create and overwrite: a retried delivery rewrites the object its batch key names. */
  write: Area[];
  /** Create only, never overwrite (evidence bundles are written with if-none-match). */
  create: Area[];
  /** Read objects back. */
  read: Area[];
  delete: Area[];
  /** List keys under the prefix. */
  list: Area[];
  secrets: SecretUse[];
}

export const ROLE_ACCESS: Readonly<Record<BridgeRole, RoleAccess>> = {
  // The event sinks (Event Hubs, Pub/Sub, Sentinel) stream the raw/ objects the batch just wrote back
  // from the lake (shared/sinks/delivery.ts), hence read on raw/.
  // state/deliveries/: the delivery ledger, read before and written after each batch is delivered.
  ingest: {
    write: ['raw', 'quarantine', 'summaries', 'failed', 'state/deliveries/'],
    create: [],
    read: ['raw', 'state/deliveries/'],
    delete: [],
    list: [],
    secrets: ['hmac', 'fixops'],
  },
  // Collect + manifests + cursors and ledger (state/, conditional writes) + the sinks' read-back of raw/
  // + the scheduled replay of failed/ (entries deleted once delivered; its lease state/replay/ released).
  collect: {
    write: ['raw', 'quarantine', 'summaries', 'manifests', 'failed', 'state'],
    create: [],
    read: ['raw', 'state', 'failed'],
    delete: ['failed', 'state/replay/'],
    list: ['state', 'failed'],
    secrets: ['hmac', 'fixops', 'connectors'],
  },
  // Reads raw/ in the window, writes each bundle once, and reads an existing bundle's manifest to reuse it.
  evidence: { write: [], create: ['evidence'], read: ['raw', 'evidence'], delete: [], list: ['raw', 'evidence'], secrets: ['hmac', 'signing'] },
  // shared/http-ingest: POST /ingest is the ingest row (the pipeline and the sinks' read-back of raw/),
  // POST /telemetry writes summaries/, GET /evidence is the evidence row (serveEvidence), and GET /health
  // gets state/health-probe, which is absent: list on state/ makes S3 answer 404 rather than 403.
  edge: {
    write: ['raw', 'quarantine', 'summaries', 'failed', 'state/deliveries/'],
    create: ['evidence'],
    read: ['raw', 'state/deliveries/', 'evidence', 'state'],
    delete: [],
    list: ['raw', 'evidence', 'state'],
    secrets: ['hmac', 'fixops', 'signing'],
  },
};

/** Each cloud's functions, by the name the stack gives them, and the role each plays. */
export const CLOUD_FUNCTIONS = {
  aws: { 'cloudwatch-logs': 'ingest', 's3-objects': 'ingest', schedule: 'collect', evidence: 'evidence', 'http-ingest': 'edge' },
  azure: { ingestEventHub: 'ingest', scheduledCollect: 'collect', evidenceHttp: 'evidence', httpIngest: 'edge' },
  gcp: { ingestPubSub: 'ingest', scheduledCollect: 'collect', evidenceHttp: 'evidence', httpIngest: 'edge' },
} as const satisfies Record<'aws' | 'azure' | 'gcp', Record<string, BridgeRole>>;

/** The secret store names of the bridge's own secrets on Azure (Key Vault) and GCP (Secret Manager, after the name prefix). */
export const SECRET_NAMES: Readonly<Record<Exclude<SecretUse, 'connectors'>, string>> = {
  hmac: 'redaction-hmac-key',
  fixops: 'fixops-api-key',
  signing: 'evidence-signing-key',
};

export function prefixOf(area: Area): string {
  const entry = RETENTION[area];
  if (entry) return entry.prefix;
  if (area.endsWith('/') && Object.values(RETENTION).some((r) => area.startsWith(r.prefix) && area !== r.prefix)) return area;
  throw new Error(`the retention table has no area "${area}", and it is not a prefix inside one`);
}

/** The retention area a (possibly narrower) area lies in. */
export function areaOf(area: Area): string {
  if (RETENTION[area]) return area;
  const prefix = prefixOf(area);
  return Object.entries(RETENTION).find(([, r]) => prefix.startsWith(r.prefix))![0];
}

/** Every area a role may touch in any way. */
export function areasOf(access: RoleAccess): Area[] {
  return [...new Set([...access.write, ...access.create, ...access.read, ...access.delete, ...access.list])];
}

/** The role's rights on one area, as a sorted list of verbs (write, create, read, delete, list). */
export function verbsOn(access: RoleAccess, area: Area): string[] {
  const verbs: string[] = [];
  for (const verb of ['create', 'delete', 'list', 'read', 'write'] as const) if (access[verb].includes(area)) verbs.push(verb);
  return verbs;
}

/** The table as Markdown rows (docs/security.md and the issue note are generated from this). */
export function permissionTableMarkdown(): string {
  const areas = Object.keys(RETENTION);
  const header = `| role | functions (AWS / Azure / GCP) | ${areas.map((a) => `${prefixOf(a)}`).join(' | ')} | secrets |`;
  const rule = `|${' --- |'.repeat(areas.length + 3)}`;
  const rows = BRIDGE_ROLES.map((role) => {
    const access = ROLE_ACCESS[role];
    const fns = (['aws', 'azure', 'gcp'] as const)
      .map((cloud) => Object.entries(CLOUD_FUNCTIONS[cloud]).filter(([, r]) => r === role).map(([name]) => name).join(', '))
      .join(' / ');
    const cells = areas.map((a) => {
      const own = verbsOn(access, a).join(', ');
      const narrower = areasOf(access)
        .filter((n) => n !== a && areaOf(n) === a)
        .map((n) => `${verbsOn(access, n).join(', ')} on ${n}`);
      return [own, ...narrower].filter((c) => c !== '').join('; ') || '—';
    });
    return `| ${role} | ${fns} | ${cells.join(' | ')} | ${access.secrets.join(', ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
