import { azureCategory, failed, isPlainObject, parseAzureResourceId, parsed, recordObject, str, type AzureResourceId, type DeliveryContext, type JsonObject, type ParseResult, type RawRecord } from '../module-kit.js';
import type { Resource } from '../../schema/index.js';
import type { DeliveryPath, LogType } from '../types.js';

/**
 * What every Azure resource log shares: the diagnostic-settings envelope (`time`, `resourceId`,
 * `category`, `operationName`, `properties`), delivered through Event Hubs as `{ records: [...] }`.
 */

export { azureCategory };

/** The hub diagnostic settings create when no hub name is chosen: `insights-logs-<category>`. */
export function hubFor(category: string): string {
  return `insights-logs-${category.toLowerCase()}`;
}

/** Delivery paths of a resource log with these categories (docs table). */
export function eventHubPaths(...categories: string[]): DeliveryPath[] {
  return categories.map((c) => ({ trigger: 'eventhub' as const, pattern: `Event Hubs category ${c} (hub ${hubFor(c)})` }));
}

/** `category:<c>` router keys (lower-cased, as the router compares them). */
export function categoryKeys(...categories: string[]): string[] {
  return categories.map((c) => `category:${c.toLowerCase()}`);
}

/**
 * 'maybe' when the hub is one diagnostic settings named after one of the categories (the record's
 * own category still decides: one hub often carries several), else 'no'.
 */
export function hubContext(categories: readonly string[]): (ctx: DeliveryContext) => 'maybe' | 'no' {
  const hubs = new Set(categories.map(hubFor));
  return (ctx) => (ctx.trigger === 'eventhub' && ctx.eventHubName !== undefined && hubs.has(ctx.eventHubName.toLowerCase()) ? 'maybe' : 'no');
}

/** A cheap record test: the record's category is one of `categories` (case-insensitive). */
export function categoryIs(record: RawRecord, categories: readonly string[]): boolean {
  const category = azureCategory(record)?.toLowerCase();
  return category !== undefined && categories.some((c) => c.toLowerCase() === category);
}

/** The `properties` object (some exporters send it as a JSON string: that is read too). */
export function propertiesOf(e: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> | undefined {
  const p = e.properties;
  if (isPlainObject(p)) return p;
  if (typeof p === 'string' && p.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(p);
      return isPlainObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The record's own time: `time` (diagnostic settings), else `timeGenerated`/`TimeGenerated`. */
export function azureTime(e: Readonly<Record<string, unknown>>): unknown {
  return e.time ?? e.timeGenerated ?? e.TimeGenerated;
}

/** The resource of an Azure record from its resource id (subscription, provider, name). */
export function azureResource(resourceId: unknown, extra: Partial<Resource> = {}): { resource: Resource; rid?: AzureResourceId } {
  const rid = parseAzureResourceId(resourceId);
  return {
    rid,
    resource: { cloud: 'azure', account: rid?.subscription ?? rid?.tenant, service: rid?.provider, name: rid?.name, id: rid?.id, ...stripUndefined(extra) },
  };
}

function stripUndefined(r: Partial<Resource>): Partial<Resource> {
  const out: Partial<Resource> = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The envelope fields every Azure type keeps beside its own. */
export function envelopeFields(e: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    category: str(e.category) ?? str(e.Category),
    operation_name: str(e.operationName),
    resource_id: str(e.resourceId) ?? str(e.ResourceId),
    result_type: str(e.resultType),
    result_signature: str(e.resultSignature),
    correlation_id: str(e.correlationId),
    level: str(e.level) ?? str(e.Level),
    location: str(e.location),
  };
}

/**
 * The parse step every resource-log type shares: the record as JSON, its `properties` (required
 * unless `optional`), then the type's own fields from `read` (a string return is the failure
 * reason, prefixed with the type), at the record's own time (`time`, or what `timeOf` picks).
 */
export function parseDiagnostic(
  type: string,
  record: RawRecord,
  read: (e: JsonObject, p: JsonObject) => Record<string, unknown> | string,
  options: { optional?: boolean; timeOf?: (e: JsonObject, p: JsonObject) => unknown } = {},
): ParseResult {
  const json = recordObject(record);
  if (!json.ok) return failed(`${type}: ${json.reason}`);
  const e = json.value;
  const p = propertiesOf(e);
  if (p === undefined && options.optional !== true) return failed(`${type}: properties is required`);
  const fields = read(e, p ?? {});
  if (typeof fields === 'string') return failed(`${type}: ${fields}`);
  return parsed(type, fields, options.timeOf?.(e, p ?? {}) ?? azureTime(e));
}

/**
 * How a resource-log type with these categories is found: its Event Hubs paths (docs), the
 * `category:` record keys, the hub names as route candidates, and the cheap category test.
 */
export function resourceLogRouting(categories: readonly string[]): Pick<LogType, 'delivery' | 'recordKeys' | 'context' | 'matches'> {
  return {
    delivery: eventHubPaths(...categories),
    recordKeys: categoryKeys(...categories),
    context: hubContext(categories),
    matches: (record) => categoryIs(record, categories),
  };
}
