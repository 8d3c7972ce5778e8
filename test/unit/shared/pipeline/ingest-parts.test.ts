import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../shared/config/index.js';
import { ingest } from '../../../../shared/pipeline/index.js';
import { createRedactor, policyFromConfig } from '../../../../shared/redact/index.js';
import { readAll, testDeps } from '../../../helpers/pipeline.js';

const config = loadConfig({ env: {} });
const redactor = createRedactor(policyFromConfig(config.redaction), 'test-hmac-key');
const NSG = '/SUBSCRIPTIONS/0A1B/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-1';

function nsgRecord(tuples: string[]): Record<string, unknown> {
  return { time: '2024-10-01T10:01:05Z', category: 'NetworkSecurityGroupFlowEvent', resourceId: NSG, properties: { Version: 2, flows: [{ rule: 'DenyAll', flows: [{ mac: '000D3A000001', flowTuples: tuples }] }] } };
}

async function storedEvents(d: ReturnType<typeof testDeps>): Promise<Array<Record<string, unknown>>> {
  const raw = await readAll(d.store, 'raw/');
  return [...raw.values()].flatMap((text) => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>));
}

describe('ingest of a record that holds several events', () => {
  it('stores one event per flow tuple, each at its own time with its own id, and counts each', async () => {
    const d = testDeps({ config, redactor });
    const tuples = ['1727776800,10.0.0.4,10.0.0.5,50000,443,T,O,D,B,,,,', '1727776860,10.0.0.4,10.0.0.5,50001,443,T,O,D,B,,,,', '1727776920,10.0.0.4,10.0.0.5,50002,443,T,O,A,B,,,,'];
    const result = await ingest({ trigger: 'eventhub', messages: [{ records: [nsgRecord(tuples)] }] }, d);
    expect(result).toMatchObject({ received: 3, written: 3, quarantined: 0, filtered: 0 });
    const events = await storedEvents(d);
    expect(events.map((e) => e.timestamp).sort()).toEqual(['2024-10-01T10:00:00.000Z', '2024-10-01T10:01:00.000Z', '2024-10-01T10:02:00.000Z']);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(3);
    expect(events.every((e) => e.source_type === 'nsg_flow')).toBe(true);
    expect(events.filter((e) => (e.attributes as Record<string, unknown>)['event.type'] === 'denied')).toHaveLength(2);
  });

  it('acknowledges a record with no tuples as filtered, and quarantines one with a broken tuple naming it', async () => {
    const d = testDeps({ config, redactor });
    const result = await ingest({ trigger: 'eventhub', messages: [{ records: [nsgRecord([]), nsgRecord(['1727776800,10.0.0.4'])] }] }, d);
    expect(result).toMatchObject({ received: 2, written: 0, quarantined: 1, filtered: 1 });
    const quarantine = [...(await readAll(d.store, 'quarantine/')).values()].join('\n');
    expect(quarantine).toContain('nsg_flow: properties.flows[0].flows[0].flowTuples[0] has 2 fields');
  });
});
