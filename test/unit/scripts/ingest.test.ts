import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import type { RunReport } from '../../../scripts/cli/run-report.js';
import { captureIo } from './capture-io.js';
import { ACTIVITY_RECORD, APP_NDJSON, FIREWALL_RECORD, auditLogEntry, cloudWatchEvent, LAMBDA_LINES, pubSubCloudEvent } from './payloads.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-ingest-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return path;
}

async function ingest(args: string[], env: Record<string, string> = {}): Promise<{ code: number; report: RunReport; stderr: string }> {
  const io = captureIo(dir, env);
  const code = await main(['ingest', ...args, '--json'], io);
  return { code, report: io.json<RunReport>(), stderr: io.stderr.join('\n') };
}

function only(report: RunReport, source: string) {
  expect(report.sources.map((s) => s.source)).toEqual([source]);
  const s = report.sources[0]!;
  expect(s.received).toBe(s.written + s.quarantined + s.filtered);
  expect(s.accountingOk).toBe(true);
  return s;
}

describe('bridge ingest', () => {
  it('replays a CloudWatch Logs subscription event through the Lambda handler', async () => {
    const path = await file('cw.json', cloudWatchEvent(LAMBDA_LINES));
    const { code, report } = await ingest(['--trigger', 'cloudwatch', path, '--data', 'store']);
    expect(code).toBe(0);
    expect(only(report, 'aws.cloudwatch').written).toBe(LAMBDA_LINES.length);
    expect(report.store).toBe(`file://${join(dir, 'store')}`);
    expect(report.keys.some((k) => k.startsWith('raw/source=aws.cloudwatch/dt=2026-11-21/hour=09/'))).toBe(true);
  });

  it('replays an Event Hubs batch (a JSON array as the host passes it) from the hub --hub names', async () => {
    const path = await file('eh.json', [{ records: [ACTIVITY_RECORD] }, { records: [ACTIVITY_RECORD, { ...ACTIVITY_RECORD, resultType: 'Failure' }] }]);
    const { code, report } = await ingest(['--trigger', 'eventhub', '--hub', 'insights-activity-logs', path, '--data', 'store']);
    expect(code).toBe(0);
    expect(only(report, 'azure.eventhub').written).toBe(3);
  });

  it('passes the hub name as the parser hint (insights-logs-azurefirewall → firewall rule logs)', async () => {
    const path = await file('eh.json', [{ records: [FIREWALL_RECORD] }]);
    const { code, report } = await ingest(['--trigger', 'eventhub', '--hub', 'insights-logs-azurefirewall', path, '--data', 'store']);
    expect(code).toBe(0);
    const s = only(report, 'azure.eventhub');
    expect(s.written).toBe(1);
    expect(s.summary?.alerts).toContainEqual({ rule: 'firewall-denies', count: 1 });
  });

  it('quarantines a message that cannot be decoded (a truncated gzip body) and still exits 0', async () => {
    const whole = gzipSync(JSON.stringify({ records: [ACTIVITY_RECORD] }));
    const cut = whole.subarray(0, whole.length - 12).toString('base64');
    const path = await file('dead-letter.json', { messages: [{ $base64: cut }, { records: [ACTIVITY_RECORD] }] });
    const { code, report } = await ingest(['--trigger', 'eventhub', path, '--data', 'store']);
    expect(code).toBe(0);
    const s = only(report, 'azure.eventhub');
    expect([s.written, s.quarantined]).toEqual([1, 1]);
  });

  it('replays an Event Hubs dead-letter document, binary bodies included', async () => {
    const body = Buffer.from(JSON.stringify({ records: [ACTIVITY_RECORD] })).toString('base64');
    const path = await file('dead-letter.json', { reason: { name: 'PersistError', message: 'x' }, triggerMetadata: {}, messages: [{ $base64: body }] });
    const { code, report } = await ingest(['--trigger', 'eventhub', path, '--data', 'store']);
    expect(code).toBe(0);
    expect(only(report, 'azure.eventhub').written).toBe(1);
  });

  it.each([
    ['a structured-mode CloudEvent', pubSubCloudEvent(auditLogEntry())],
    ['a Pub/Sub push body', (pubSubCloudEvent(auditLogEntry()) as { data: unknown }).data],
  ])('replays %s through the Cloud Functions handler', async (_name, payload) => {
    const path = await file('ce.json', payload);
    const { code, report } = await ingest(['--trigger', 'pubsub', path, '--data', 'store']);
    expect(code).toBe(0);
    const s = only(report, 'gcp.pubsub');
    expect(s.written).toBe(1);
    expect(s.summary?.alerts).toContainEqual({ rule: 'audit-permission-denied', count: 1 });
  });

  it('replays an S3 object by bucket and key, through an ObjectCreated notification', async () => {
    const path = await file('app.ndjson', APP_NDJSON);
    const { code, report } = await ingest(['--trigger', 's3', path, '--bucket', 'logs', '--key', 'app/orders/app.ndjson', '--data', 'store']);
    expect(code).toBe(0);
    const s = only(report, 'aws.s3');
    expect(s.written).toBe(3);
    expect(s.summary?.latency_ms_p95).toBe(900);
  });

  it('writes where BRIDGE_DATA_DIR says when --data is absent, and to ./.bridge-data when neither is set', async () => {
    const path = await file('cw.json', cloudWatchEvent(LAMBDA_LINES));
    expect((await ingest(['--trigger', 'cloudwatch', path], { BRIDGE_DATA_DIR: join(dir, 'env-store') })).report.store).toBe(`file://${join(dir, 'env-store')}`);
    expect((await ingest(['--trigger', 'cloudwatch', path])).report.store).toBe(`file://${join(dir, '.bridge-data')}`);
  });

  it('exits 1 and names the failure when the batch cannot be persisted', async () => {
    const key = await file('hmac.key', 'k'.repeat(64));
    const blocker = await file('not-a-folder', 'x');
    const path = await file('cw.json', cloudWatchEvent(LAMBDA_LINES));
    // The store root is a regular file: every write fails, as an unavailable bucket would.
    const { code, report } = await ingest(['--trigger', 'cloudwatch', path, '--data', blocker], { BRIDGE__REDACTION__HMAC_KEY_SECRET_REF: `file:${key}` });
    expect(code).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.invocations[0]).toMatchObject({ ok: false, error: { name: 'PersistError' } });
  });
});

describe('bridge exit codes', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['replicate']],
    ['ingest without --trigger', ['ingest', 'x.json']],
    ['an unknown trigger', ['ingest', '--trigger', 'kinesis', 'x.json']],
    ['ingest without a file', ['ingest', '--trigger', 'cloudwatch']],
    ['an unknown flag', ['ingest', '--trigger', 'cloudwatch', '--frobnicate', 'x.json']],
    ['a missing file', ['ingest', '--trigger', 'cloudwatch', 'missing.json']],
    ['a file that is not JSON', ['ingest', '--trigger', 'cloudwatch', 'not-json.txt']],
    ['--bucket with another trigger', ['ingest', '--trigger', 'pubsub', '--bucket', 'b', 'x.json']],
    ['--key with two files', ['ingest', '--trigger', 's3', '--key', 'k', 'x.json', 'not-json.txt']],
    ['an unknown schema action', ['schema', 'import']],
  ])('is 2 for bad usage: %s', async (_name, argv) => {
    await file('x.json', { awslogs: { data: '' } });
    await file('not-json.txt', 'hello');
    const io = captureIo(dir);
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr.join('\n') + io.stdout.join('\n')).toMatch(/\S/);
  });

  it.each([
    ['an invalid value', 'pipeline:\n  gzip_level: 12\n', /invalid config at pipeline\.gzip_level/],
    ['a literal secret', 'redaction:\n  hmac_key: hunter2\n', /literal secret is not allowed/],
    ['an unknown key', 'pipline:\n  max_depth: 3\n', /invalid config/],
  ])('is 2 for an invalid config (%s), naming the path and why', async (_name, yaml, message) => {
    const config = await file('bridge.yaml', yaml);
    const path = await file('cw.json', cloudWatchEvent(LAMBDA_LINES));
    const io = captureIo(dir);
    expect(await main(['ingest', '--trigger', 'cloudwatch', path, '--config', config], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
    expect(io.stderr.join('\n')).not.toContain('hunter2');
  });

  it('is 0 for help, and names every command', async () => {
    const io = captureIo(dir);
    expect(await main(['help'], io)).toBe(0);
    for (const command of ['demo', 'ingest', 'collect', 'schema']) expect(io.stdout.join('\n')).toContain(command);
    const ingestHelp = captureIo(dir);
    expect(await main(['ingest', '--help'], ingestHelp)).toBe(0);
    expect(ingestHelp.stdout.join('\n')).toContain('--trigger');
  });

  it('prints the human table by default', async () => {
    const path = await file('cw.json', cloudWatchEvent(LAMBDA_LINES));
    const io = captureIo(dir);
    expect(await main(['ingest', '--trigger', 'cloudwatch', path, '--data', 'store'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/^aws\.cloudwatch\s+1\s+4\s+4\s+0\s+0\s+\d+\s+4 = 4 \+ 0 \+ 0 {2}ok$/m);
    expect(await readFile(join(dir, 'store', '.dev-keys', 'hmac.key'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
  });
});
