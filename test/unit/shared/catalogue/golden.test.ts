import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWS_LOG_TYPES } from '../../../../shared/catalogue/aws/index.js';
import { CATALOGUE, GENERIC, LOG_TYPES } from '../../../../shared/catalogue/index.js';
import { deliveryContextOf } from '../../../../shared/catalogue/delivery-context.js';
import { runRecord } from '../../../../shared/catalogue/run-record.js';
import { decodeGolden, GOLDEN_NOW, type GoldenDelivery } from './golden-delivery.js';

/**
 * Every catalogue type's golden fixtures (test/fixtures/catalogue/<cloud>/<type>/<case>.json,
 * written from the vendors' format documentation): the delivery goes through the real decoder,
 * the route and the type's parse + normalize; events must match the expected ones in order.
 */
interface Golden {
  description: string;
  delivery: GoldenDelivery;
  expected: { written: number; quarantined?: number; format_lines?: number; events: Array<Record<string, unknown>>; quarantine_reasons?: string[] };
}

const ROOT = join(import.meta.dirname, '../../../fixtures/catalogue');
const INGESTED_AT = new Date(GOLDEN_NOW).toISOString();

function casesOf(cloud: string, type: string): string[] {
  const dir = join(ROOT, cloud, type);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

function run(golden: Golden) {
  const events: Array<Record<string, unknown>> = [];
  const reasons: string[] = [];
  let formatLines = 0;
  for (const batch of decodeGolden(golden.delivery)) {
    formatLines += batch.formatLines ?? 0;
    for (const failure of batch.failures) reasons.push(`decode: ${failure.reason}`);
    const ctx = deliveryContextOf(batch);
    const route = CATALOGUE.route(ctx);
    for (const record of batch.records) {
      for (const outcome of runRecord(CATALOGUE, record, ctx, route, batch.source, INGESTED_AT).outcomes) {
        if (outcome.ok) events.push(outcome.event as unknown as Record<string, unknown>);
        else reasons.push(`${outcome.stage}: ${outcome.reason}`);
      }
    }
  }
  return { events, reasons, formatLines };
}

describe('AWS log-type golden fixtures (and the generic fallback)', () => {
  // Azure and GCP fixtures run in golden-azure-gcp.test.ts (through the whole pipeline).
  const TYPES = [...AWS_LOG_TYPES, GENERIC];
  it('has at least one golden fixture for every type', () => {
    const missing = TYPES.filter((t) => casesOf(t.cloud, t.type).length === 0).map((t) => `${t.cloud}/${t.type}`);
    expect(missing).toEqual([]);
  });

  const all = TYPES.flatMap((t) => casesOf(t.cloud, t.type).map((file) => ({ type: t.type, cloud: t.cloud, file })));
  it.each(all)('$cloud/$type/$file', ({ cloud, type, file }) => {
    const golden = JSON.parse(readFileSync(join(ROOT, cloud, type, file), 'utf8')) as Golden;
    const { events, reasons, formatLines } = run(golden);
    const quarantined = golden.expected.quarantined ?? 0;
    expect(reasons.length, `quarantine reasons: ${reasons.join(' | ')}`).toBe(quarantined);
    for (const want of golden.expected.quarantine_reasons ?? []) expect(reasons.some((r) => r.includes(want)), `a reason containing "${want}" in ${reasons.join(' | ')}`).toBe(true);
    expect(events).toHaveLength(golden.expected.written);
    if (golden.expected.format_lines !== undefined) expect(formatLines).toBe(golden.expected.format_lines);
    golden.expected.events.forEach((want, i) => expect(events[i]).toMatchObject(want));
  });

  it('fills only common fields the vocabulary defines (every cloud)', async () => {
    const { COMMON_FIELDS } = await import('../../../../shared/catalogue/common-fields.js');
    const unknown = LOG_TYPES.flatMap((t) => t.commonFields.filter((f) => !Object.hasOwn(COMMON_FIELDS, f)).map((f) => `${t.type}: ${f}`));
    expect(unknown).toEqual([]);
  });
});
