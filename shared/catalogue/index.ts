import type { RawRecord } from '../decode/types.js';
import { AWS_LOG_TYPES } from './aws/index.js';
import { AZURE_LOG_TYPES } from './azure/index.js';
import { GCP_LOG_TYPES } from './gcp/index.js';
import { GENERIC } from './generic.js';
import { recogniseRecord, routeDelivery } from './route.js';
import type { DeliveryContext, LogType, Route } from './types.js';

export type { Cloud, DeliveryContext, DeliveryPath, LogType, Route, Trigger } from './types.js';
export { COMMON_FIELDS, DECISIONS, OUTCOMES, commonFields, decisionFields, decisionOf, transportOf, type CommonFieldName } from './common-fields.js';
export { flatten, FLATTEN_DEPTH } from './flatten.js';
export { epochTime, syslogTime, toUtcIso, usDateTime, w3cDateTime } from './event-time.js';
export { logIdOf, recordKeysOf } from './route.js';
export { GENERIC } from './generic.js';

/** Every log type, AWS then Azure then GCP; `generic` is the fallback, not listed. */
export const LOG_TYPES: readonly LogType[] = [...AWS_LOG_TYPES, ...AZURE_LOG_TYPES, ...GCP_LOG_TYPES];

/** The catalogue's lookups, built once at module load. */
export class Catalogue {
  readonly byType: ReadonlyMap<string, LogType>;
  readonly byRecordKey: ReadonlyMap<string, LogType>;
  constructor(readonly types: readonly LogType[], readonly fallback: LogType = GENERIC) {
    const byType = new Map<string, LogType>();
    const byRecordKey = new Map<string, LogType>();
    for (const type of [...types, fallback]) {
      if (byType.has(type.type)) throw new Error(`catalogue: log type ${type.type} is listed twice`);
      byType.set(type.type, type);
      for (const key of type.recordKeys ?? []) {
        const lower = key.toLowerCase();
        const other = byRecordKey.get(lower);
        if (other !== undefined) throw new Error(`catalogue: record key ${lower} claimed by ${other.type} and ${type.type}`);
        byRecordKey.set(lower, type);
      }
    }
    this.byType = byType;
    this.byRecordKey = byRecordKey;
  }

  /** Once per delivery. */
  route(ctx: DeliveryContext): Route {
    return routeDelivery(this.types, this.byType, ctx);
  }

  /** Once per record, cheap. */
  recognise(record: RawRecord, route: Route, ctx: DeliveryContext): LogType {
    return recogniseRecord(record, route, ctx, this.types, this.byRecordKey, this.fallback);
  }
}

export const CATALOGUE = new Catalogue(LOG_TYPES);
