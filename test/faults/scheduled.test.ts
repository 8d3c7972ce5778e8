import { afterAll } from 'vitest';
import { runScheduledJob } from '../../shared/scheduled.js';
import { startPagerDuty } from '../helpers/vendors/pagerduty.js';
import { faultyFetch } from './support/faulty-fetch.js';
import { acknowledged, faultSuite, startHttpSinks, type HandlerPath } from './support/matrix.js';
import { INVOCATION_MS } from './support/world.js';

const http = await startHttpSinks();
const pagerduty = await startPagerDuty('loopback-pagerduty-token');
afterAll(async () => {
  await http.close();
  await pagerduty.close();
});

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

// The scheduled job: PagerDuty collected from its loopback API through a faulty fetch, then the
// replay. A failed connector keeps its cursor, so the next run (same schedule time) collects again.
const path: HandlerPath = {
  name: 'scheduled connectors',
  sinks: [],
  farEndFailuresRetry: true,
  maxAttempts: 3,
  async invoke(world) {
    world.runtime.config.connectors = {
      pagerduty: { base_url: pagerduty.origin, token_secret_ref: 'env:PD', max_attempts: 2, backoff_base: '10ms', requests_per_second: 1000, burst: 1000 },
    };
    const budget = { deadline: world.now() + INVOCATION_MS - 5_000, now: () => world.now() };
    try {
      const { collection } = await runScheduledJob(world.runtime, NOW, { budget, fetch: faultyFetch(world.sinkFaults) });
      return collection.ok;
    } catch {
      return false;
    }
  },
};

await faultSuite(http, path);
