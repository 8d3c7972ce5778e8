import type { BronzeEventDraft } from '../../schema/index.js';
import type { NormalizeContext } from '../types.js';
import { contentId, draft, eventId, rec, severityFromWord, str, toIso } from './common.js';

/** Splunk search results (REST `results` rows) → BronzeEventDraft. Pure. */

/** A multi-value field arrives as an array: keep the first value for scalar attributes. */
function first(v: unknown): string | undefined {
  return Array.isArray(v) ? str(v[0]) : str(v);
}

export function splunkEventId(r: Record<string, unknown>, search: string): string {
  const notable = first(r.event_id);
  if (notable) return eventId(['splunk', 'notable', notable]);
  const bucket = first(r._bkt);
  const cd = first(r._cd);
  if (bucket && cd) return eventId(['splunk', first(r.index), bucket, cd]);
  return contentId('splunk', search, r);
}

export function normalizeSplunk(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const r = rec(record);
  const sourcetype = first(r.sourcetype);
  const host = first(r.host);
  return draft({
    source: 'splunk',
    sourceType: 'event',
    eventId: splunkEventId(r, ctx.dataType),
    timestamp: toIso(first(r._time)),
    ingestedAt: ctx.ingestedAt,
    severity: severityFromWord(first(r.severity) ?? first(r.urgency), 'INFO'),
    title: first(r.rule_name) ?? first(r.search_name) ?? (sourcetype ? `${sourcetype} event${host ? ` on ${host}` : ''}` : undefined),
    fallbackTitle: `Splunk ${ctx.dataType} result`,
    resource: { service: 'splunk', name: host },
    asset: host,
    attributes: {
      search: ctx.dataType,
      index: first(r.index),
      sourcetype,
      splunk_source: first(r.source),
      host,
      splunk_server: first(r.splunk_server),
      index_time: toIso(first(r._indextime)) || undefined,
      urgency: first(r.urgency),
      rule_name: first(r.rule_name),
      status: first(r.status_label) ?? first(r.status),
      owner: first(r.owner),
    },
    raw: record,
  });
}
