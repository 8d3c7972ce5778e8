import { loadConfig } from '../../../shared/config/index.js';
import { runCollection, type CollectionOptions, type CollectionResult } from '../../../shared/connectors/run.js';
import type { ConnectorManifest } from '../../../shared/connectors/manifest.js';
import type { CursorDoc } from '../../../shared/connectors/cursor-store.js';
import { SecretError } from '../../../shared/errors.js';
import type { MetricSet, SecretSource } from '../../../shared/ports.js';
import type { Redactor } from '../../../shared/redact/types.js';
import type { BronzeEvent } from '../../../shared/schema/index.js';
import { jsonLines, readAll, testDeps } from '../pipeline.js';

/** The run's "now" in every connector test: windows end here (look-back 24h → from 2026-11-24T12:00Z). */
export const NOW = Date.parse('2026-11-25T12:00:00.000Z');
export const DAY = 86_400_000;

export function secretsOf(values: Record<string, string>): SecretSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async get(ref: string) {
      asked.push(ref);
      const v = values[ref];
      if (v === undefined) throw new SecretError(`secret ${ref} is not set`, { context: { ref } });
      return v;
    },
  };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Replaces e-mail addresses and counts them, so manifests show redactions flowing through. */
export const emailRedactor: Redactor = {
  redactValue<T>(value: T) {
    const counts: Record<string, number> = {};
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') {
        return v.replace(EMAIL, () => {
          counts.email = (counts.email ?? 0) + 1;
          return '[REDACTED:email]';
        });
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return { value: walk(value) as T, counts };
  },
  redactText(text: string) {
    const r = this.redactValue(text);
    return { value: r.value, counts: r.counts };
  },
  redactRaw(raw: unknown) {
    return this.redactValue(raw);
  },
};

export interface Harness {
  deps: ReturnType<typeof testDeps>;
  sleeps: number[];
  metrics: MetricSet[];
  run(over?: Partial<CollectionOptions>): Promise<CollectionResult>;
  events(source: string): Promise<BronzeEvent[]>;
  manifest(result: CollectionResult, connector: string): ConnectorManifest;
  storedManifest(result: CollectionResult, connector: string): Promise<ConnectorManifest>;
  cursor(key: string): Promise<CursorDoc | null>;
}

/** A store in a temp folder, a fixed clock, an injected sleep that only records, and the given connectors config. */
export function harness(connectors: Record<string, unknown>, secrets: SecretSource, clock: () => number = () => NOW): Harness {
  const sleeps: number[] = [];
  const metrics: MetricSet[] = [];
  const deps = testDeps({ config: loadConfig({ env: {}, overrides: { connectors } }), redactor: emailRedactor, clock, metrics: { emit: (m) => metrics.push(m) } });
  return {
    deps,
    sleeps,
    metrics,
    run: (over = {}) =>
      runCollection({
        config: deps.config,
        deps,
        secrets,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
        ...over,
      }),
    async events(source) {
      const out: BronzeEvent[] = [];
      for (const [, text] of await readAll(deps.store, `raw/source=${source}/`)) out.push(...(jsonLines(text) as BronzeEvent[]));
      return out.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.event_id.localeCompare(b.event_id));
    },
    manifest(result, connector) {
      const m = result.manifests.find((x) => x.connector === connector);
      if (!m) throw new Error(`no manifest for ${connector}`);
      return m;
    },
    async storedManifest(result, connector) {
      const m = result.manifests.find((x) => x.connector === connector);
      const obj = m ? await deps.store.get(m.key) : null;
      if (!obj) throw new Error(`no stored manifest for ${connector}`);
      return JSON.parse(obj.body.toString('utf8')) as ConnectorManifest;
    },
    async cursor(key) {
      const obj = await deps.store.get(key);
      return obj ? (JSON.parse(obj.body.toString('utf8')) as CursorDoc) : null;
    },
  };
}
