import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry, SchemaRegistry, type BronzeEvent } from '../../../../shared/schema/index.js';
import { sampleEvent } from '../../../helpers/events.js';

describe('SchemaRegistry', () => {
  const registry = createDefaultRegistry();

  it('accepts a valid BronzeEvent', () => {
    expect(registry.validateEvent(sampleEvent()).ok).toBe(true);
  });

  it.each([
    [{ timestamp: '2026-11-24 10:00:00' }, 'timestamp'],
    [{ severity: 'WARN' as never }, 'severity'],
    [{ source_type: 'VPC-Flow' }, 'source_type'],
    [{ attributes: { action: 'MAYBE' } }, 'attributes.action'],
    [{ attributes: { bytes: -1 } }, 'attributes.bytes'],
  ])('names the failing path for %j', (over, path) => {
    const v = registry.validateEvent(sampleEvent(over as Partial<BronzeEvent>));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues[0]!.path).toBe(path);
  });

  it('validates a batch with per-index errors', () => {
    const result = registry.validateBatch('bronze_event', [sampleEvent(), { nope: true }, sampleEvent({ title: '' })]);
    expect(result.valid.map((v) => v.index)).toEqual([0]);
    expect(result.errors.map((e) => e.index)).toEqual([1, 2]);
  });

  it('keeps versions side by side and defaults to the latest', () => {
    const r = new SchemaRegistry()
      .register('thing', '1.0', z.object({ a: z.string() }))
      .register('thing', '1.1', z.object({ a: z.string(), b: z.number() }));
    expect(r.versions('thing')).toEqual(['1.0', '1.1']);
    expect(r.validate('thing', { a: 'x' }).ok).toBe(false);
    expect(r.validate('thing', { a: 'x' }, '1.0').ok).toBe(true);
    expect(() => r.register('thing', '1.0', z.string())).toThrow('already registered');
  });

  it('exports JSON Schema for every registered version', () => {
    const schemas = registry.exportJsonSchema();
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['bronze_event@1.0', 'telemetry_summary@1.0', 'quarantine_record@1.0']));
    const bronze = schemas['bronze_event@1.0'] as { properties: Record<string, unknown>; required: string[] };
    expect(bronze.required).toEqual(expect.arrayContaining(['event_id', 'timestamp', 'severity']));
  });
});
