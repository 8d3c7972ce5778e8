import { readFile } from 'node:fs/promises';
import { ConfigError, describeError } from '../errors.js';
import type { BridgeConfig } from '../config/schema.js';
import type { Redactor } from '../redact/types.js';
import { loadRules } from './load-rules.js';
import { createDetector, type Detector } from './stream-detector.js';
import { parseIndicators, ThreatIntel, type IndicatorList } from './threat-intel.js';

const MAX_LIST_BYTES = 16 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

export interface DetectorOptions {
  /** Rule folders to use in place of `detections.rules` (the CLI's --rules). */
  rules?: readonly string[];
  now?: () => number;
  fetch?: typeof fetch;
}

async function listText(source: { name: string; path?: string | undefined; url?: string | undefined }, fetchImpl: typeof fetch): Promise<string> {
  if (source.path !== undefined) return readFile(source.path, 'utf8');
  const res = await fetchImpl(source.url!, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new ConfigError(`threat intel list ${source.name}: ${source.url} answered ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_LIST_BYTES) throw new ConfigError(`threat intel list ${source.name} is larger than ${MAX_LIST_BYTES} bytes`);
  return text;
}

/** Rules and threat-intel lists from config (or --rules), built once per cold start. Undefined when none is configured. */
export async function buildDetector(config: BridgeConfig, redactor: Redactor, options: DetectorOptions = {}): Promise<Detector | undefined> {
  const paths = options.rules ?? config.detections.rules;
  const intelSources = config.detections.threat_intel;
  if (paths.length === 0 && intelSources.length === 0) return undefined;
  const rules = paths.length > 0 ? await loadRules(paths) : { detections: [], correlations: [] };
  const lists: IndicatorList[] = [];
  for (const source of intelSources) {
    let text: string;
    try {
      text = await listText(source, options.fetch ?? fetch);
    } catch (cause) {
      if (cause instanceof ConfigError) throw cause;
      throw new ConfigError(`threat intel list ${source.name} cannot be read: ${describeError(cause).message}`, { cause });
    }
    const { indicators } = parseIndicators(text);
    lists.push({ name: source.name, severity: source.severity, indicators });
  }
  const intel = lists.length > 0 ? new ThreatIntel(lists, (options.now ?? Date.now)()) : undefined;
  return createDetector(rules, redactor, intel);
}
