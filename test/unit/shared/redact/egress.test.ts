import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDeadLetter } from '../../../../azure-function/dead-letter.js';
import { loadConfig } from '../../../../shared/config/load.js';
import { writeManifest } from '../../../../shared/connectors/manifest.js';
import { buildEvidenceBundle } from '../../../../shared/evidence/build.js';
import { generateSigningKeyPem, signingKeyFromPem } from '../../../../shared/evidence/signing.js';
import { createJsonLogger, memoryMetrics } from '../../../../shared/observability/index.js';
import { runDelivery } from '../../../../shared/pipeline/run-delivery.js';
import { encodeSummary, SUMMARY_METADATA_NAME, summaryFromMetadata, summaryMetadata } from '../../../../shared/pipeline/summary-metadata.js';
import { createRedactor, egressStore, policyFromConfig } from '../../../../shared/redact/index.js';
import type { TelemetrySummary } from '../../../../shared/schema/index.js';
import { createRuntime } from '../../../../shared/runtime.js';
import type { Sink } from '../../../../shared/sinks/types.js';
import { LocalFolderStore } from '../../../../shared/store/local-folder.js';
import { readAll } from '../../../helpers/pipeline.js';

/**
 * Walks every writer with records full of (fake, run-time assembled) credentials and personal
 * data, and checks that none of them is in any object written (raw/, quarantine/, summaries/,
 * failed/, manifests/, dead letters, evidence), any log line, any metric set or any sink payload.
 */
const fill = (pattern: string, n: number): string => pattern.repeat(Math.ceil(n / pattern.length)).slice(0, n);
const B62 = 'aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xYz';
const SECRETS = {
  github: 'gh' + 'p_' + fill(B62, 36),
  slack: 'xo' + 'xb-' + '123456789012-1234567890123-' + fill(B62, 24),
  stripe: 's' + 'k_live_' + fill(B62, 24),
  sas: fill('AbC1dEf2', 43),
  hubKey: fill('Zm9vYmFyYmF6cXV4', 43) + '=',
  redisPw: 'Sup3rS3cretPw',
  curlPw: 'Hunter2Pass!',
  apiKey: 'k_' + fill(B62, 30),
  cookie: 'sess_' + fill(B62, 28),
  email: 'alice.keyname' + '@example.com',
  ipv6: '2600:1f14:abc:de00:1234:5678:9abc:def0',
  user: 'JohnDoe',
};
const leaked = (text: string): string[] =>
  Object.entries(SECRETS)
    .filter(([name, v]) => (name === 'user' ? text.includes(`user/${v}`) : text.includes(v) || text.includes(JSON.stringify(v).slice(1, -1))))
    .map(([name]) => name);

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'egress-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const messages = [
  `INFO connecting redis://:${SECRETS.redisPw}@cache.internal:6379 with ${SECRETS.github}`,
  `curl -u admin:${SECRETS.curlPw} https://api.internal -H "Cookie: session=${SECRETS.cookie}"`,
  JSON.stringify({
    level: 'info',
    msg: `posted with ${SECRETS.slack}`,
    httpRequest: { clientIp: SECRETS.ipv6, headers: [{ name: 'X-Api-Key', value: SECRETS.apiKey }, { name: 'Cookie', value: SECRETS.cookie }] },
    conn: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccess${'Key'}=${SECRETS.hubKey}`,
    url: `https://acct.blob.core.windows.net/c/b?sv=2022-11-02&s${'ig'}=${SECRETS.sas}&se=2026`,
    [SECRETS.email]: 1,
    arn: `arn:aws:iam::123456789012:user/${SECRETS.user}`,
    stripe: SECRETS.stripe,
  }),
];
const cloudWatchEvent = {
  awslogs: {
    data: gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/app',
        logStream: '2026/11/25/[$LATEST]abc',
        subscriptionFilters: ['all'],
        logEvents: messages.map((message, i) => ({ id: String(36000000000000000000000000 + i), timestamp: T0 + i, message })),
      }),
    ).toString('base64'),
  },
};

describe('every output path goes through the egress', async () => {
  const lines: string[] = [];
  const metrics = memoryMetrics();
  const delivered: string[] = [];
  const store = new LocalFolderStore({ root: tempDir() });
  const failing: Sink = {
    name: 'sentinel',
    kind: 'events',
    deliver: async () => {
      throw new Error(`POST https://ingest.example/x?api_key=${SECRETS.apiKey} answered 500 for ${SECRETS.email}`);
    },
  };
  const capturing: Sink = { name: 'fixops', kind: 'events', deliver: async (items) => void delivered.push(JSON.stringify(items)) };
  const runtime = await createRuntime({
    config: loadConfig({ env: {} }),
    store,
    dataDir: tempDir(),
    allowDevKeys: true,
    logger: createJsonLogger({ write: (line) => lines.push(line), level: 'debug' }),
    metrics,
    clock: () => T0 + 60_000,
    sinks: [failing, capturing],
  });
  const dims = { function: `fn-${SECRETS.email}` };
  const result = await runDelivery({ trigger: 'cloudwatch', event: cloudWatchEvent }, { ...runtime, deps: runtime.deps, sinks: runtime.sinks, clock: runtime.clock }, dims);
  // A record whose time does not parse: the reason quotes it.
  await runDelivery(
    { trigger: 'eventhub', messages: [JSON.stringify({ records: [{ time: `token=${SECRETS.github}`, category: 'Administrative', operationName: 'x' }] })] },
    { ...runtime, deps: runtime.deps, sinks: [], clock: runtime.clock },
    dims,
  );
  await writeDeadLetter(
    runtime,
    {
      messages: [gzipSync(Buffer.from(messages[0]!)), gzipSync(Buffer.from(messages[2]!)).toString('base64'), Buffer.from(messages[1]!)],
      triggerMetadata: { propertiesArray: [{ 'x-api-key': SECRETS.apiKey, note: `by ${SECRETS.email}` }], partitionContext: { eventHubName: 'hub', partitionId: '0' } },
    },
    new Error(`write failed for ${SECRETS.stripe}`),
    6,
  );
  await writeManifest(runtime.store, 'manifests/connector=github/dt=2026-11-25/run-1.json', {
    manifest_version: '1.0',
    run_id: 'run-1',
    started_at: '2026-11-25T10:00:00.000Z',
    finished_at: '2026-11-25T10:01:00.000Z',
    connectors: [{ name: 'github', type: 'github', status: 'failed', manifest: `GET https://api.github.com/?access_token=${SECRETS.github}`, counts: {}, errors: 1 }],
    disabled: [],
  });
  runtime.logger.error('connector failed', { error: new Error(`401 for ${SECRETS.slack}`), url: `https://u:${SECRETS.redisPw}@h/` });
  const pem = generateSigningKeyPem().privateKeyPem;
  await buildEvidenceBundle({ since: '2026-11-25T00:00:00.000Z', until: '2026-11-26T00:00:00.000Z' }, { store: runtime.store, signingKey: signingKeyFromPem(pem, 'k1'), clock: runtime.clock, tmpDir: tempDir() });
  const objects = await readAll(store);
  const metadata = new Map<string, Record<string, string>>();
  for (const key of objects.keys()) metadata.set(key, (await store.head(key))!.metadata);

  it('wrote events (their summary in a raw/ object’s metadata), a quarantine record, failed/, a dead letter, a manifest and an evidence bundle', () => {
    expect(result.written).toBe(3);
    const prefixes = [...objects.keys()].map((k) => k.split('/')[0]);
    for (const p of ['raw', 'quarantine', 'failed', 'manifests', 'evidence']) expect(prefixes).toContain(p);
    expect([...metadata.values()].map((m) => summaryFromMetadata(m)?.batch_key)).toContain(result.batchKey);
    expect([...objects.keys()].some((k) => k.startsWith('failed/eventhub-deadletter/'))).toBe(true);
    expect(delivered.length).toBeGreaterThan(0);
  });

  it('stores no secret and no personal value in clear in any object, nor in its metadata', () => {
    for (const [key, text] of objects) expect([key, leaked(text)]).toEqual([key, []]);
    for (const [key, m] of metadata) expect([key, leaked(JSON.stringify(m)), leaked(JSON.stringify(summaryFromMetadata(m) ?? {}))]).toEqual([key, [], []]);
  });

  it('logs, counts and sends none of them either', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(leaked(line)).toEqual([]);
    expect(leaked(JSON.stringify(metrics.sets))).toEqual([]);
    for (const payload of delivered) expect(leaked(payload)).toEqual([]);
  });

  it('keeps the quarantine reason readable apart from the secret', () => {
    const quarantine = [...objects].find(([k]) => k.startsWith('quarantine/'))![1];
    expect(quarantine).toMatch(/REDACTED:github_token/);
  });
});

describe('the egress store gates object metadata', () => {
  const redactor = createRedactor(policyFromConfig({}), 'egress-metadata-test-key');
  const puts: Array<{ key: string; metadata?: Record<string, string> }> = [];
  const inner = new LocalFolderStore({ root: tempDir() });
  const recording = Object.assign(Object.create(inner) as LocalFolderStore, {
    put: (key: string, body: Uint8Array | string, options?: { metadata?: Record<string, string> }) => {
      puts.push({ key, ...(options?.metadata ? { metadata: options.metadata } : {}) });
      return inner.put(key, body, options);
    },
  });
  const gated = egressStore(recording, redactor);
  const summary: TelemetrySummary = {
    schema_version: '1.0',
    alerts: [{ rule: 'waf-blocks', count: 2 }],
    latency_ms_p95: 12,
    window: { start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T10:01:00.000Z' },
    source: 'aws.cloudwatch',
    batch_key: '0123456789abcdef0123456789abcdef',
    event_count: 2,
  };

  it('passes a raw/ body as it is but still scans its metadata: a clean summary travels unchanged', async () => {
    await gated.put('raw/source=aws.cloudwatch/dt=2026-11-25/hour=10/k.jsonl.gz', gzipSync('{}\n'), { contentEncoding: 'gzip', metadata: summaryMetadata(summary)! });
    expect(summaryFromMetadata(puts.at(-1)!.metadata)).toEqual(summary);
  });

  it('redacts inside the encoded summary (decoded, gated as a report, encoded again)', async () => {
    const dirty = { ...summary, alerts: [{ rule: `rule ${SECRETS.email}`, count: 1 }] };
    await gated.put('raw/x.jsonl.gz', gzipSync('{}\n'), { contentEncoding: 'gzip', metadata: { [SUMMARY_METADATA_NAME]: encodeSummary(dirty)! } });
    const stored = summaryFromMetadata((await inner.head('raw/x.jsonl.gz'))!.metadata)!;
    expect(leaked(JSON.stringify(stored))).toEqual([]);
    expect(stored.alerts[0]!.rule).toMatch(/^rule \[HASH:email:/);
    expect(stored.event_count).toBe(summary.event_count);
  });

  it('scans every other metadata value as text, on put and putFile alike', async () => {
    await gated.put('raw/y.jsonl.gz', gzipSync('{}\n'), { contentEncoding: 'gzip', metadata: { note: `by ${SECRETS.github}` } });
    expect(leaked(JSON.stringify(puts.at(-1)!.metadata))).toEqual([]);
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'x');
    await gated.putFile!('evidence/f.bin', join(dir, 'f'), { metadata: { note: `by ${SECRETS.github}` } });
    expect(leaked(JSON.stringify((await inner.head('evidence/f.bin'))!.metadata))).toEqual([]);
  });

  it('does not let out a summary value it cannot read', async () => {
    await gated.put('raw/z.jsonl.gz', gzipSync('{}\n'), { contentEncoding: 'gzip', metadata: { [SUMMARY_METADATA_NAME]: Buffer.from(`{"token":"${SECRETS.github}"}`).toString('base64url') } });
    expect((await inner.head('raw/z.jsonl.gz'))!.metadata).toEqual({});
  });
});
