import { isPlainObject, type JsonObject } from '../module-kit.js';

/** An EventBridge event (`{ version, id, "detail-type", source, account, time, region, detail }`). */
export interface EventBridgeEnvelope {
  detailType: string;
  source?: string;
  account?: string;
  region?: string;
  time?: string;
  id?: string;
  detail: JsonObject;
}

/** The envelope when `value` is one, else undefined (a finding delivered on its own). */
export function eventBridgeEnvelope(value: JsonObject): EventBridgeEnvelope | undefined {
  const detailType = value['detail-type'];
  const detail = value.detail;
  if (typeof detailType !== 'string' || !isPlainObject(detail)) return undefined;
  const text = (k: string) => (typeof value[k] === 'string' ? (value[k] as string) : undefined);
  const out: EventBridgeEnvelope = { detailType, detail };
  for (const [key, name] of [['source', 'source'], ['account', 'account'], ['region', 'region'], ['time', 'time'], ['id', 'id']] as const) {
    const v = text(name);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Envelope fields kept beside the detail's own in attributes. */
export function envelopeAttributes(envelope: EventBridgeEnvelope | undefined): Record<string, unknown> {
  if (envelope === undefined) return {};
  return { 'eventbridge.detail_type': envelope.detailType, 'eventbridge.source': envelope.source, 'eventbridge.id': envelope.id, 'eventbridge.time': envelope.time };
}
