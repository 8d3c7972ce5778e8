import * as z from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `30s`, `15m`, `24h`, `7d` → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2]!]!);
}

/** A duration setting in the user's YAML (`24h`), parsed to milliseconds. */
export const duration = z
  .string()
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 500ms, 30s, 15m, 24h or 7d' });
      return z.NEVER;
    }
    return ms;
  });

export const secretRef = z.string().min(1).regex(/^\S+$/, 'must be a secret reference (env:NAME, file:PATH or a secret name)');

/** An http(s) base URL without a trailing slash. */
export const baseUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), 'must be an http(s) URL')
  .transform((v) => v.replace(/\/+$/, ''));

/** Window keys every connector takes (the collection loop reads them), HTTP or not. */
export const CollectSettings = z.object({
  /** The module to use; defaults to the config key (so two GitHub orgs can be `github` and `github_ops` with `type: github`). */
  type: z.string().optional(),
  enabled: z.boolean().default(true),
  /** How far back the first run reaches (no cursor yet). */
  lookback: duration.default(24 * 3_600_000),
  /** A window longer than this is collected in slices, the cursor advancing after each. */
  max_window: duration.default(24 * 3_600_000),
  /** Collect only up to now minus this, so late-indexed records are not skipped. */
  lag: duration.default(0),
});
export type CollectSettings = z.infer<typeof CollectSettings>;

/** The HTTP client's keys (timeouts, retries, rate and circuit), for connectors that speak HTTP. */
export const HttpSettings = {
  timeout: duration.default(30_000),
  max_attempts: z.number().int().min(1).max(10).default(4),
  backoff_base: duration.default(500),
  backoff_max: duration.default(30_000),
  /** A Retry-After longer than this fails the run (it resumes from the cursor next time) rather than sleeping. */
  max_retry_after: duration.default(60_000),
  requests_per_second: z.number().positive().default(10),
  burst: z.number().int().min(1).default(10),
  circuit_failure_threshold: z.number().int().min(1).default(5),
  circuit_reset_after: duration.default(30_000),
  page_size: z.number().int().min(1).max(10_000).default(100),
  /** Guard against a vendor that never stops paging: the run becomes partial. */
  max_pages: z.number().int().min(1).default(1000),
};

const HttpSettingsObject = z.object(HttpSettings);
export type HttpSettingsValues = z.infer<typeof HttpSettingsObject>;

/** Settings every HTTP pull connector takes, beside its own. Keys are snake_case (the user's YAML). */
export const BaseConnectorSettings = CollectSettings.extend({ base_url: baseUrl, ...HttpSettings });
export type BaseConnectorSettings = z.infer<typeof BaseConnectorSettings>;

/** A connector's settings: the base keys plus its own, strict so a typo fails at start. */
export function connectorSettings<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ ...BaseConnectorSettings.shape, ...shape });
}
