import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_SECRETS } from '../../scripts/demo/samples.js';
import { summaryFromMetadata } from '../../shared/pipeline/summary-metadata.js';
import type { DemoJson } from '../../scripts/cli/demo.js';
import { main } from '../../scripts/cli/main.js';
import { captureIo } from '../unit/scripts/capture-io.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const CLOUD_SOURCES = ['aws.cloudwatch', 'aws.s3', 'azure.eventhub', 'gcp.pubsub'];

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  return files;
}

/** Every stored file's text, gzip peeled off, keyed by its path in the store (not the demo's deliberately corrupted copy). */
async function storedTexts(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await walk(dir)) {
    if (relative(dir, file).startsWith(`tampered${sep}`)) continue;
    const body = await readFile(file);
    out.set(relative(dir, file).split(sep).join('/'), (file.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8'));
  }
  return out;
}

function lines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A sample secret as a pattern: IPv4 addresses as whole tokens, everything else literally. */
function secretPattern(kind: string, value: string): RegExp {
  const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return kind === 'ipv4' ? new RegExp(`(?<![\\d.])${escaped}(?![\\d])`) : new RegExp(escaped);
}

const GENERIC_LEAKS: Array<[string, RegExp]> = [
  ['an email address', /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/],
  ['an AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a JWT', /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}/],
  ['a bearer token', /Bearer\s+(?!\[REDACTED)[A-Za-z0-9._~+/=-]{6,}/i],
];

describe('npm run demo (the main job)', () => {
  let dataDir: string;
  let report: DemoJson;
  let exitCode: number;
  let stored: Map<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bridge-demo-e2e-'));
    // As a user runs it: the `bridge` bin (tsx registered by the shim), in a child process.
    const run = await promisify(execFile)(process.execPath, ['scripts/bin/bridge.mjs', 'demo', '--data', dataDir, '--json'], {
      cwd: repo,
      // The user's own BRIDGE_* settings must not change what the demo does.
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BRIDGE'))),
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (err: { code?: number; stdout?: string }) => ({ code: err.code ?? -1, stdout: err.stdout ?? '' }),
    );
    exitCode = run.code;
    report = JSON.parse(run.stdout) as DemoJson;
    stored = await storedTexts(dataDir);
  }, 90_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exits 0 with every invocation persisted', () => {
    expect(exitCode).toBe(0);
    expect(report.failed).toBe(0);
    expect(report.invocations.every((i) => i.ok)).toBe(true);
  });

  it.each(CLOUD_SOURCES)('writes events from %s', (source) => {
    const s = report.sources.find((r) => r.source === source);
    expect(s, source).toBeDefined();
    expect(s!.written).toBeGreaterThan(0);
  });

  it('keeps the accounting per source: received = written + quarantined + filtered', () => {
    for (const s of report.sources) {
      expect(s.received, s.source).toBe(s.written + s.quarantined + s.filtered);
      expect(s.accountingOk, s.source).toBe(true);
    }
  });

  it('quarantines the hostile payloads instead of failing', () => {
    expect(report.sources.reduce((n, s) => n + s.quarantined, 0)).toBeGreaterThan(0);
    const reasons = report.sources.flatMap((s) => Object.keys(s.quarantineReasons)).join('\n');
    expect(reasons).toMatch(/gzip/i);
    expect(reasons).toMatch(/JSON/);
  });

  it('stores exactly the counted events and rejects, under the DESIGN §5 layout', () => {
    for (const s of report.sources) {
      const events = [...stored].filter(([key]) => key.startsWith(`raw/source=${s.source}/`)).flatMap(([, text]) => lines(text));
      expect(events.length, s.source).toBe(s.written);
      for (const event of events) expect(event.source).toBe(s.source);
      const rejects = [...stored].filter(([key]) => key.startsWith('quarantine/')).flatMap(([, text]) => lines(text)).filter((r) => r.source === s.source);
      expect(rejects.length, s.source).toBe(s.quarantined);
    }
    for (const key of stored.keys()) {
      if (key.startsWith('.dev-keys/')) continue;
      // Metadata sidecars of the local store mirror the key of an object beside them.
      if (key.startsWith('.meta/')) {
        expect(stored.has(key.slice('.meta/'.length, -'.json'.length)), key).toBe(true);
        continue;
      }
      expect(key).toMatch(
        /^(raw\/source=[a-z0-9.]+\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[0-9a-f]+(-p\d+)?\.jsonl\.gz|quarantine\/dt=\d{4}-\d{2}-\d{2}\/[0-9a-f]+\.jsonl\.gz|summaries\/dt=\d{4}-\d{2}-\d{2}\/[0-9a-f]+\.json|alerts\/dt=\d{4}-\d{2}-\d{2}\/[0-9a-f]{32}\.json|evidence\/evb-[0-9a-f]{32}\.(jsonl\.gz|manifest\.json|sig)|state\/deliveries\/[0-9a-f]+\.json|sinks\/fixops\/ops-telemetry\.json)$/,
      );
    }
  });

  it('redacts: no stored file holds an email, IPv4 address, bearer token, JWT, AWS key or password from the samples', () => {
    expect(stored.size).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const [key, text] of stored) {
      for (const [kind, values] of Object.entries(SAMPLE_SECRETS)) {
        for (const value of values) if (secretPattern(kind, value).test(text)) leaks.push(`${key}: ${kind} ${value.slice(0, 12)}…`);
      }
      for (const [what, pattern] of GENERIC_LEAKS) {
        const match = pattern.exec(text);
        if (match) leaks.push(`${key}: ${what} ${match[0].slice(0, 12)}…`);
      }
    }
    expect(leaks).toEqual([]);
    const redactions = report.sources.reduce((n, s) => n + s.redactions, 0);
    expect(redactions).toBeGreaterThan(0);
  });

  it('raises the starter pack’s Sigma alerts in the stream, stored under alerts/', () => {
    const alerts = (report as unknown as { alerts: Array<{ rule_id: string; count: number; detected_by: string }> }).alerts;
    expect(alerts.find((a) => a.rule_id === 'tb-azure-entra-signin-failure')).toMatchObject({ count: 3, detected_by: 'stream' });
    expect([...stored.keys()].filter((k) => k.startsWith('alerts/')).length).toBe(alerts.length);
  });

  it('summarises alerts and p95 latency from the sample traffic', () => {
    const alerts = new Map<string, number>();
    for (const s of report.sources) for (const a of s.summary?.alerts ?? []) alerts.set(a.rule, (alerts.get(a.rule) ?? 0) + a.count);
    for (const rule of ['waf-blocks', 'vpc-rejects', 'audit-permission-denied', 'firewall-denies', 'signin-failures']) {
      expect(alerts.get(rule) ?? 0, rule).toBeGreaterThan(0);
    }
    const gcp = report.sources.find((s) => s.source === 'gcp.pubsub')!;
    expect(gcp.summary?.latency_ms_p95).toBe(2004); // "2.004s", the slowest of the load balancer's requests
  });

  it('delivers every batch summary through the FixOps sink in file mode, and stores each in its raw/ object’s metadata', () => {
    const summaries = [...stored.keys()].filter((k) => k.startsWith('summaries/'));
    const inMetadata = [...stored]
      .filter(([key]) => key.startsWith('.meta/raw/'))
      .map(([, text]) => summaryFromMetadata(JSON.parse(text) as Record<string, string>))
      .filter((s) => s !== undefined);
    // A summaries/ object only for a batch the stream detector rewrote with its detections (its summary fits in metadata).
    for (const key of summaries) expect((JSON.parse(stored.get(key)!) as { detections?: unknown[] }).detections?.length, key).toBeGreaterThan(0);
    const batches = new Set([...inMetadata.map((s) => s.batch_key), ...summaries.map((k) => k.slice(k.lastIndexOf('/') + 1, -'.json'.length))]);
    expect(inMetadata.length).toBeGreaterThan(summaries.length);
    expect(report.objects.summariesInRaw).toBe(inMetadata.length);
    expect(report.delivery.batches).toBe(batches.size);
    expect(report.delivery.delivered).toEqual({ fixops: batches.size });
    expect(report.delivery.parked).toEqual({});
    expect(report.delivery.file).toBe(join(dataDir, 'sinks', 'fixops', 'ops-telemetry.json'));
    const latest = JSON.parse(stored.get('sinks/fixops/ops-telemetry.json')!) as { schema_version: string; batch_key: string };
    expect(latest.schema_version).toBe('1.0');
    expect(batches.has(latest.batch_key)).toBe(true);
  });

  it('builds a signed evidence bundle of every event over the demo window, and it verifies', () => {
    const evidence = report.evidence!;
    expect(evidence.verify.findings.filter((f) => !f.ok)).toEqual([]);
    expect(evidence.verify.findings.map((f) => f.check)).toEqual(['manifest', 'signature', 'pairing', 'size', 'sha256', 'gzip', 'line_count']);
    expect(evidence.verify.ok).toBe(true);
    expect(evidence.manifest.line_count).toBe(report.sources.reduce((n, s) => n + s.written, 0));
    expect(evidence.manifest.algorithm).toBe('RSA-SHA256');
    const bundled = lines(stored.get(`evidence/${evidence.manifest.bundle_id}.jsonl.gz`)!);
    expect(new Set(bundled.map((e) => e.source))).toEqual(new Set(CLOUD_SOURCES));
  });

  it('catches the tampered copy by its SHA-256, while its signature still verifies', () => {
    const { verify, files } = report.evidence!.tampered;
    expect(verify.ok).toBe(false);
    expect(verify.findings.find((f) => f.check === 'sha256')).toMatchObject({ ok: false, message: expect.stringMatching(/^bundle SHA-256 is [0-9a-f]{64}, manifest says [0-9a-f]{64}$/) });
    expect(verify.findings.find((f) => f.check === 'signature')?.ok).toBe(true);
    expect(files.bundlePath).toBe(join(dataDir, 'tampered', `${report.evidence!.manifest.bundle_id}.jsonl.gz`));
  });

  it('bridge verify passes the bundle (exit 0) and fails the tampered copy naming sha256 (exit 1)', async () => {
    const { files, public_key: publicKey } = report.evidence!;
    const good = captureIo(repo, {});
    expect(await main(['verify', files.bundlePath, '--public-key', publicKey!], good)).toBe(0);
    expect(good.stdout.join('\n')).toMatch(/^VERIFIED: evb-/m);
    const bad = captureIo(repo, {});
    expect(await main(['verify', report.evidence!.tampered.files.bundlePath, '--public-key', publicKey!], bad)).toBe(1);
    expect(bad.stdout.join('\n')).toMatch(/^ {2}FAIL {2}sha256 {6}bundle SHA-256 is/m);
    expect(bad.stdout.join('\n')).toMatch(/^NOT VERIFIED: sha256\b/m);
  });

  it('prints the per-source table, and a second run overwrites the same objects instead of duplicating them', async () => {
    const before = [...stored.keys()].filter((k) => k.startsWith('raw/')).sort();
    const io = captureIo(repo, {});
    const code = await main(['demo', '--data', dataDir], io);
    const output = io.stdout.join('\n');
    expect(code).toBe(0);
    for (const source of CLOUD_SOURCES) expect(output).toMatch(new RegExp(`^${source.replace('.', '\\.')}\\s+\\d+\\s+\\d+\\s+[1-9]\\d*\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+ = \\d+ \\+ \\d+ \\+ \\d+  ok$`, 'm'));
    expect(output).toContain('latency p95');
    expect(output).toContain(`Stored in ${dataDir}`);
    expect(output).toMatch(/^Delivered \d+ of \d+ batch summaries through the FixOps sink in file mode/m);
    expect(output).toMatch(/^VERIFIED: evb-/m);
    expect(output).toMatch(/^NOT VERIFIED: sha256/m);
    const after = [...(await storedTexts(dataDir)).keys()].filter((k) => k.startsWith('raw/')).sort();
    expect(after).toEqual(before);
  }, 60_000);
});
