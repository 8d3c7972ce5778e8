import { loadConfig } from '../../shared/config/index.js';
import type { BridgeConfig } from '../../shared/config/schema.js';
import { silentLogger } from '../../shared/observability/index.js';
import type { PipelineDeps } from '../../shared/pipeline/types.js';
import type { ObjectStore } from '../../shared/ports.js';
import { createRedactor, policyFromConfig } from '../../shared/redact/index.js';
import { defaultRegistry } from '../../shared/schema/index.js';
import { MemoryStore } from './memory-store.js';

/** A fixed, public bench key for the keyed hash of emails/IPs (never a real secret). */
export const BENCH_HMAC_KEY = 'bench-hmac-key-0123456789abcdef0123456789abcdef';
export const BENCH_NOW = Date.parse('2026-11-25T12:00:00.000Z');

/** The default config (no file, no env overrides), as a deployment without a bridge.yaml runs. */
export function benchConfig(): BridgeConfig {
  return loadConfig({ env: {} });
}

/** The real pipeline deps (real redactor with the default policy, real registry), an in-memory store. */
export function benchDeps(store: ObjectStore = new MemoryStore(), config: BridgeConfig = benchConfig()): PipelineDeps {
  return {
    store,
    redactor: createRedactor(policyFromConfig(config.redaction), BENCH_HMAC_KEY),
    config,
    registry: defaultRegistry(),
    logger: silentLogger,
    clock: () => BENCH_NOW,
  };
}
