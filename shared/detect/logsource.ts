import type { BronzeEventDraft } from '../schema/index.js';
import type { LogsourceScope } from './types.js';

/** Why a logsource is not known (the loader names the file and the field). */
export class LogsourceError extends Error {
  override name = 'LogsourceError';
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

const CLOUD_PRODUCTS: Readonly<Record<string, string>> = { aws: 'aws', azure: 'azure', gcp: 'gcp' };

/**
 * (product, service) → the source types that carry it. Several names where the catalogue may use
 * either; `x*` is a prefix, `*x*` a substring (for types added to the catalogue later).
 */
const SERVICES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  aws: {
    cloudtrail: ['cloudtrail'],
    vpcflow: ['vpcflow'],
    vpc_flow: ['vpcflow'],
    waf: ['waf'],
    lambda: ['lambda'],
    apigateway: ['apigateway'],
    route53: ['route53*', 'dns_firewall'],
    route53resolver: ['route53*', 'dns_firewall'],
    eks: ['eks*', 'k8s_audit', 'kubernetes_audit'],
    guardduty: ['guardduty*'],
  },
  azure: {
    activitylogs: ['activity'],
    signinlogs: ['signin'],
    auditlogs: ['entra_audit', 'directory_audit'],
    firewall: ['firewall'],
    nsgflow: ['nsg_flow', 'vnet_flow'],
    aks: ['aks_audit'],
    keyvault: ['keyvault_audit'],
    frontdoor: ['frontdoor_access', 'frontdoor_waf'],
    appgateway: ['appgw_access', 'appgw_waf'],
  },
  gcp: {
    'gcp.audit': ['audit'],
    audit: ['audit'],
    http_lb: ['http_lb'],
    dns: ['cloud_dns'],
    gke: ['gke_audit'],
    firewall: ['gcp_firewall'],
    vpcflow: ['gcp_vpcflow'],
    armor: ['cloud_armor'],
  },
  kubernetes: {
    audit: ['aks_audit', 'gke_audit', 'eks*', 'k8s_audit', 'kubernetes_audit'],
  },
};

/** category → source types, any cloud. */
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  dns: ['*dns*', 'route53*'],
  firewall: ['firewall', 'gcp_firewall', 'vpcflow', 'gcp_vpcflow', 'nsg_flow', 'vnet_flow', '*dns_firewall*'],
  webserver: ['http_lb', 'apigateway', 'appservice_http', 'frontdoor_access', 'appgw_access'],
  proxy: ['http_lb', 'waf', 'frontdoor_access', 'appgw_access'],
  application: [],
};

/** A source-type name from the tables: exact, `prefix*` or `*part*`. */
export function sourceTypeMatches(pattern: string, sourceType: string): boolean {
  if (pattern.startsWith('*') && pattern.endsWith('*') && pattern.length > 2) return sourceType.includes(pattern.slice(1, -1));
  if (pattern.endsWith('*')) return sourceType.startsWith(pattern.slice(0, -1));
  return pattern === sourceType;
}

function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new LogsourceError('must be a string', field);
  return value.toLowerCase();
}

/**
 * A Sigma logsource → the event scope. `source_type:` (and `source:`) may be given directly as
 * project extensions of the logsource. An unknown product or service is refused.
 */
export function compileLogsource(logsource: unknown): LogsourceScope {
  if (logsource === undefined || logsource === null) return { sourceTypes: [], clouds: [], description: 'any' };
  if (typeof logsource !== 'object' || Array.isArray(logsource)) throw new LogsourceError('must be a map', 'logsource');
  const ls = logsource as Record<string, unknown>;
  const direct = ls.source_type;
  if (direct !== undefined) {
    const list = (Array.isArray(direct) ? direct : [direct]).map((v) => text(v, 'logsource.source_type')!);
    return { sourceTypes: list, clouds: [], description: `source_type ${list.join('|')}` };
  }
  const product = text(ls.product, 'logsource.product');
  const service = text(ls.service, 'logsource.service');
  const category = text(ls.category, 'logsource.category');
  const clouds = product && CLOUD_PRODUCTS[product] ? [CLOUD_PRODUCTS[product]] : [];
  if (product !== undefined && !(product in SERVICES)) throw new LogsourceError(`product "${product}" is not known (known: ${Object.keys(SERVICES).join(', ')})`, 'logsource.product');
  let sourceTypes: string[] = [];
  if (service !== undefined) {
    const services = product ? SERVICES[product]! : Object.assign({}, ...Object.values(SERVICES)) as Record<string, readonly string[]>;
    const known = services[service];
    if (!known) throw new LogsourceError(`service "${service}"${product ? ` of product "${product}"` : ''} is not known (known: ${Object.keys(services).join(', ')})`, 'logsource.service');
    sourceTypes = [...known];
  } else if (category !== undefined) {
    const known = CATEGORIES[category];
    if (!known) throw new LogsourceError(`category "${category}" is not known (known: ${Object.keys(CATEGORIES).join(', ')})`, 'logsource.category');
    sourceTypes = [...known];
  }
  const description = [product, service ?? category].filter(Boolean).join('/') || 'any';
  return { sourceTypes, clouds, description };
}

function cloudOf(event: Pick<BronzeEventDraft, 'source' | 'resource'>): string | undefined {
  if (event.resource?.cloud !== undefined) return event.resource.cloud;
  const prefix = event.source.split('.')[0]!;
  return prefix in CLOUD_PRODUCTS ? prefix : undefined;
}

export function inScope(scope: LogsourceScope, event: Pick<BronzeEventDraft, 'source' | 'source_type' | 'resource'>): boolean {
  if (scope.sourceTypes.length > 0 && !scope.sourceTypes.some((p) => sourceTypeMatches(p, event.source_type))) return false;
  if (scope.clouds.length > 0) {
    const cloud = cloudOf(event);
    if (cloud !== undefined && !scope.clouds.includes(cloud)) return false;
  }
  return true;
}
