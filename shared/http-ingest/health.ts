import { describeError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { jsonResponse, type IngestHttpResponse } from './types.js';

/** Where the probe looks; absent is fine (null), a thrown error means the store cannot be reached. */
const PROBE_KEY = 'state/health-probe';

/**
 * GET /health: the config is valid (the runtime was built from it), the store answers, and whether
 * dev keys are in use (a generated HMAC or signing key: fine on a laptop, wrong for real data).
 * Never a secret, a reference or a path beyond the store's location. 503 when not ready.
 */
export async function healthResponse(getRuntime: () => Promise<Runtime>): Promise<IngestHttpResponse> {
  let runtime: Runtime;
  try {
    runtime = await getRuntime();
  } catch (err) {
    const { name } = describeError(err);
    return jsonResponse(503, { status: 'unavailable', config: name === 'ConfigError' ? 'invalid' : 'unavailable', error: name });
  }
  let reachable = true;
  try {
    await runtime.store.get(PROBE_KEY);
  } catch {
    reachable = false;
  }
  const local = runtime.devKeyDir !== undefined;
  const devKeys = {
    redaction_hmac: local && runtime.config.redaction.hmac_key_secret_ref === undefined,
    evidence_signing: local && runtime.config.evidence.signing_key_secret_ref === undefined,
  };
  return jsonResponse(reachable ? 200 : 503, {
    status: reachable ? 'ok' : 'degraded',
    config: 'valid',
    store: { type: runtime.config.store.type, reachable },
    dev_keys_in_use: devKeys.redaction_hmac || devKeys.evidence_signing,
    dev_keys: devKeys,
    sinks: runtime.sinks.map((s) => s.name),
  });
}
