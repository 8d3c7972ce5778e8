import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AZURE_LOG_TYPES } from '../../../../shared/catalogue/azure/index.js';
import { GCP_LOG_TYPES } from '../../../../shared/catalogue/gcp/index.js';
import { loadConfig } from '../../../../shared/config/index.js';
import { ingest, type Delivery } from '../../../../shared/pipeline/index.js';
import { passThroughRedactor, readAll, testDeps } from '../../../helpers/pipeline.js';

/**
 * Golden fixtures of the Azure and GCP log types (`test/fixtures/catalogue/<cloud>/<type>/<case>.json`,
 * records written from the vendors' format descriptions): each delivery goes through the real
 * pipeline (decode → route → parse → normalize → validate → write, no redaction) and the stored
 * events must match the expected ones (a subset, ordered by timestamp then title).
 */
const ROOT = fileURLToPath(new URL('../../../fixtures/catalogue/', import.meta.url));
const config = loadConfig({ env: {} });

interface Fixture {
  description: string;
  delivery: { trigger: 'eventhub'; eventHubName?: string; records: unknown[] } | { trigger: 'pubsub'; entries: unknown[] };
  expected: { written: number; quarantined: number; events: Array<Record<string, unknown>>; quarantine_reasons?: string[] };
}

function cases(cloud: string): Array<[string, string, Fixture]> {
  const out: Array<[string, string, Fixture]> = [];
  for (const type of readdirSync(join(ROOT, cloud)).sort()) {
    for (const file of readdirSync(join(ROOT, cloud, type)).sort()) {
      if (file.endsWith('.json')) out.push([type, file.slice(0, -5), JSON.parse(readFileSync(join(ROOT, cloud, type, file), 'utf8')) as Fixture]);
    }
  }
  return out;
}

function deliveries(fixture: Fixture): Delivery[] {
  const d = fixture.delivery;
  if (d.trigger === 'eventhub') {
    return [{ trigger: 'eventhub', messages: [{ records: d.records }], ...(d.eventHubName === undefined ? {} : { triggerMetadata: { partitionContext: { eventHubName: d.eventHubName } } }) }];
  }
  return d.entries.map((entry, i) => ({
    trigger: 'pubsub' as const,
    cloudEvent: { id: `ce-${i}`, data: { message: { data: Buffer.from(JSON.stringify(entry)).toString('base64'), messageId: `m-${i}`, publishTime: '2030-01-01T00:00:00Z' }, subscription: 'projects/p/subscriptions/golden' } },
  }));
}

const byTimeThenTitle = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.timestamp).localeCompare(String(b.timestamp)) || String(a.title).localeCompare(String(b.title));

describe.each(['azure', 'gcp'])('golden fixtures of the %s log types', (cloud) => {
  const types = (cloud === 'azure' ? AZURE_LOG_TYPES : GCP_LOG_TYPES).map((t) => t.type);

  it('has a fixture folder for every type', () => {
    expect(readdirSync(join(ROOT, cloud)).sort()).toEqual([...types].sort());
  });

  it.each(cases(cloud))('%s: %s', async (_type, _case, fixture) => {
    const d = testDeps({ config, redactor: passThroughRedactor });
    let written = 0;
    let quarantined = 0;
    for (const delivery of deliveries(fixture)) {
      const result = await ingest(delivery, d);
      written += result.written;
      quarantined += result.quarantined;
    }
    expect({ written, quarantined }).toEqual({ written: fixture.expected.written, quarantined: fixture.expected.quarantined });
    const raw = await readAll(d.store, 'raw/');
    const events = [...raw.values()].flatMap((text) => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>));
    expect(events.sort(byTimeThenTitle)).toMatchObject([...fixture.expected.events].sort(byTimeThenTitle));
    const reasons = [...(await readAll(d.store, 'quarantine/')).values()].join('\n');
    for (const reason of fixture.expected.quarantine_reasons ?? []) expect(reasons).toContain(reason);
  });
});
