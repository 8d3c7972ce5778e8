import * as z from 'zod';
import type { BronzeEventDraft } from '../schema/index.js';
import { PullConnector, type PageRequest, type PageResult } from './base.js';
import { normalizeDynatrace } from './normalize/dynatrace.js';
import { isRecord, requireArray } from './pagination.js';
import { connectorSettings, secretRef } from './settings.js';
import type { ConnectorDeps, NormalizeContext } from './types.js';

/** Dynatrace API v2 (seed 000): problems, events and entities; `Api-Token` auth; `nextPageKey` pagination. */
export const type = 'dynatrace';

const DATA_TYPES = ['problems', 'events', 'entities'] as const;

export const settings = connectorSettings({
  api_token_secret_ref: secretRef,
  data_types: z.array(z.enum(DATA_TYPES)).min(1).default([...DATA_TYPES]),
  /** Narrows problems (`status("open")`, `managementZones("prod")`). */
  problem_selector: z.string().min(1).optional(),
  /** Narrows events (`eventType("CUSTOM_DEPLOYMENT")`). */
  event_selector: z.string().min(1).optional(),
  /** Entity selector applied to problems and events (`type("SERVICE"),tag("team:payments")`). */
  entity_selector: z.string().min(1).optional(),
  /** The entities API needs a selector per call; each is collected in turn. */
  entity_selectors: z.array(z.string().min(1)).min(1).default(['type("SERVICE")', 'type("HOST")', 'type("APPLICATION")']),
  /** Extra entity fields (`+properties,+tags,+managementZones`). */
  entity_fields: z.string().min(1).optional(),
});
export type DynatraceSettings = z.infer<typeof settings>;

const PATHS: Record<string, { path: string; field: string }> = {
  problems: { path: '/api/v2/problems', field: 'problems' },
  events: { path: '/api/v2/events', field: 'events' },
  entities: { path: '/api/v2/entities', field: 'entities' },
};

/** Which entity selector, and the page key within it. */
interface Token {
  selector: number;
  nextPageKey?: string;
}

export class DynatraceConnector extends PullConnector<DynatraceSettings, Token> {
  readonly type = type;
  readonly source = 'dynatrace' as const;
  readonly dataTypes = { problems: { sourceType: 'problem' }, events: { sourceType: 'event' }, entities: { sourceType: 'entity' } };

  protected authMethod(): string {
    return 'api_token';
  }

  protected override async authHeaders(): Promise<Record<string, string>> {
    return { authorization: `Api-Token ${await this.secret(this.settings.api_token_secret_ref)}` };
  }

  protected async probe(): Promise<void> {
    await this.http.request({ path: '/api/v2/problems', query: { pageSize: 1, from: 'now-5m' } });
  }

  protected async fetchPage({ window, dataType, token }: PageRequest<Token>): Promise<PageResult<Token>> {
    const { path, field } = PATHS[dataType]!;
    const s = this.settings;
    const selector = token?.selector ?? 0;
    // With nextPageKey every other parameter must be left out (the key carries the query).
    const query = token?.nextPageKey
      ? { nextPageKey: token.nextPageKey }
      : {
          from: window.start,
          to: window.end,
          pageSize: s.page_size,
          ...(dataType === 'problems' ? { problemSelector: s.problem_selector, entitySelector: s.entity_selector } : {}),
          ...(dataType === 'events' ? { eventSelector: s.event_selector, entitySelector: s.entity_selector } : {}),
          ...(dataType === 'entities' ? { entitySelector: s.entity_selectors[selector], fields: s.entity_fields } : {}),
        };
    const { body } = await this.http.request({ path, query });
    const records = requireArray(body, field, `${this.name}: ${path}`);
    const key = isRecord(body) && typeof body.nextPageKey === 'string' && body.nextPageKey !== '' ? body.nextPageKey : undefined;
    if (key) return { records, next: { selector, nextPageKey: key } };
    if (dataType === 'entities' && selector + 1 < s.entity_selectors.length) return { records, next: { selector: selector + 1 } };
    return { records };
  }

  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    return normalizeDynatrace(record, ctx);
  }
}

export function create(s: DynatraceSettings, deps: ConnectorDeps): DynatraceConnector {
  return new DynatraceConnector(s, deps);
}
