import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import { captureIo } from './capture-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-schema-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bridge schema export', () => {
  it('prints every registered schema keyed name@version', async () => {
    const io = captureIo(dir);
    expect(await main(['schema', 'export'], io)).toBe(0);
    const schemas = io.json<Record<string, { title: string; type?: string }>>();
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['bronze_event@1.0', 'telemetry_summary@1.0', 'quarantine_record@1.0']));
    expect(schemas['bronze_event@1.0']).toMatchObject({ title: 'bronze_event', type: 'object' });
  });

  it('writes one <name>@<version>.schema.json per schema with --out', async () => {
    const io = captureIo(dir);
    expect(await main(['schema', 'export', '--out', 'schemas'], io)).toBe(0);
    const files = await readdir(join(dir, 'schemas'));
    expect(files).toContain('bronze_event@1.0.schema.json');
    const schema = JSON.parse(await readFile(join(dir, 'schemas', 'bronze_event@1.0.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['event_id', 'source', 'timestamp', 'severity', 'raw_data']));
    expect(io.stdout.join('\n')).toMatch(new RegExp(`Wrote ${files.length} JSON Schemas`));
  });
});
