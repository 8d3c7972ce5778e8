import type { Normalizer } from '../normalize/types.js';
import type { Parser } from '../parse/types.js';
import type { DeliveryContext, LogType } from './types.js';

/**
 * A catalogue entry around a parser + normalizer pair of the older `parse/` + `normalize/`
 * registries, while a type is being moved into its own catalogue module. `hint` is the type the
 * old parser's `matches` expects from the delivery (its own name when `context` owns it).
 */
export function legacyLogType(
  parser: Parser,
  normalizer: Normalizer,
  meta: Omit<LogType, 'type' | 'matches' | 'parse' | 'normalize'>,
  /** The common fields from the event's attributes (the older normalizers predate them). */
  common?: (attributes: Readonly<Record<string, unknown>>) => Record<string, unknown>,
): LogType {
  const hint = (ctx: DeliveryContext): string | undefined => (meta.context?.(ctx) === 'owns' ? parser.type : undefined);
  return {
    ...meta,
    type: parser.type,
    matches: (record, ctx) => parser.matches(record, hint(ctx)),
    parse: (record) => parser.parse(record),
    normalize(parsed, ctx) {
      const result = normalizer.normalize(parsed, ctx);
      if (!result.ok || common === undefined) return result;
      // The draft and its attributes are the normalizer's fresh objects (buildEvent copies them):
      // the common fields go straight in, as `{ ...attributes, ...common }` would put them,
      // without copying the event twice per record (issue 15).
      const attributes = result.event.attributes as Record<string, unknown>;
      const extra = common(attributes);
      for (const key in extra) {
        if (key === '__proto__') Object.defineProperty(attributes, key, { value: extra[key], enumerable: true, writable: true, configurable: true });
        else attributes[key] = extra[key];
      }
      return result;
    },
  };
}
