import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import { captureIo } from '../../unit/scripts/capture-io.js';

/**
 * End to end through the CLI: `ingest --rules` raises single-event alerts in the stream (a cidr
 * rule on the source address included), `detect` runs a correlation rule over the lake, `query`
 * reads it back. Payloads are written here from the vendors' record formats.
 */
let dir: string;
const data = () => join(dir, 'lake');

const RULES = {
  'stop-logging.yml': `title: Trail stopped
id: t-stop-logging
logsource: {product: aws, service: cloudtrail}
detection:
  sel:
    eventSource: cloudtrail.amazonaws.com
    eventName: [StopLogging, DeleteTrail]
  condition: sel
level: high
`,
  'doc-range.yml': `title: Console sign-in from the documentation range
id: t-doc-range
logsource: {product: aws, service: cloudtrail}
detection:
  sel:
    eventName: ConsoleLogin
    sourceIPAddress|cidr: 203.0.113.0/24
  condition: sel
level: medium
`,
  'signin-burst.yml': `title: Failed sign-in
id: t-signin-failure
name: signin_failure
logsource: {product: azure, service: signinlogs}
detection:
  sel:
    resultType|exists: true
  ok:
    resultType: '0'
  condition: sel and not ok
level: low
---
title: Sign-in failure burst
id: t-signin-burst
correlation:
  type: event_count
  rules: [signin_failure]
  group-by: [user.name]
  timespan: 10m
  condition: {gte: 5}
level: high
`,
};

function cloudTrail(eventName: string, ip: string, minute: number, extra: Record<string, unknown> = {}) {
  return {
    eventVersion: '1.09',
    eventTime: `2026-11-21T10:${String(minute).padStart(2, '0')}:00Z`,
    eventSource: eventName === 'ConsoleLogin' ? 'signin.amazonaws.com' : 'cloudtrail.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: ip,
    userAgent: 'aws-cli/2.15.0',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEPRINCIPAL', arn: 'arn:aws:iam::111122223333:user/ops-carol', accountId: '111122223333', userName: 'ops-carol' },
    eventID: `0f0e0d0c-0b0a-4000-8000-00000000000${minute % 10}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...extra,
  };
}

function signIn(second: number, resultType: string) {
  return {
    time: `2026-11-21T11:0${Math.floor(second / 60)}:${String(second % 60).padStart(2, '0')}.0000000Z`,
    resourceId: '/tenants/00000000-1111-2222-3333-444444444444/providers/Microsoft.aadiam',
    operationName: 'Sign-in activity',
    category: 'SignInLogs',
    tenantId: '00000000-1111-2222-3333-444444444444',
    resultType,
    resultDescription: resultType === '0' ? '' : 'Invalid username or password.',
    callerIpAddress: '192.0.2.44',
    correlationId: `c0ffee00-0000-4000-8000-0000000000${String(second).padStart(2, '0')}`,
    properties: {
      id: `5160e000-0000-4000-8000-0000000000${String(second).padStart(2, '0')}`,
      userPrincipalName: 'pat.doe@fabrikam.example',
      userDisplayName: 'Pat Doe',
      appDisplayName: 'Azure Portal',
      ipAddress: '192.0.2.44',
      status: { errorCode: Number(resultType) },
    },
  };
}

async function run(args: string[]) {
  const io = captureIo(dir, {});
  const code = await main(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

async function alertFiles(): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  const root = join(data(), 'alerts');
  for (const day of await readdir(root).catch(() => [] as string[])) {
    for (const f of await readdir(join(root, day))) out.push(JSON.parse(await readFile(join(root, day, f), 'utf8')) as Record<string, unknown>);
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-query-'));
  await mkdir(join(dir, 'rules'));
  for (const [name, text] of Object.entries(RULES)) await writeFile(join(dir, 'rules', name), text);
  const trail = { Records: [cloudTrail('StopLogging', '198.51.100.20', 1), cloudTrail('ConsoleLogin', '203.0.113.9', 2, { responseElements: { ConsoleLogin: 'Success' } }), cloudTrail('ConsoleLogin', '192.0.2.1', 3, { responseElements: { ConsoleLogin: 'Success' } })] };
  await writeFile(join(dir, 'trail.json.gz'), gzipSync(JSON.stringify(trail)));
  const failures = [0, 50, 100, 150, 200, 250].map((s) => signIn(s, '50126'));
  await writeFile(join(dir, 'signin.json'), JSON.stringify([{ records: [...failures, signIn(300, '0')] }]));
  const key = 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/21/111122223333_CloudTrail_eu-west-1_20261121T1000Z_x.json.gz';
  const a = await run(['ingest', '--trigger', 's3', '--key', key, '--rules', 'rules', '--data', 'lake', join(dir, 'trail.json.gz')]);
  expect(a.code, a.err).toBe(0);
  const b = await run(['ingest', '--trigger', 'eventhub', '--hub', 'insights-logs-signinlogs', '--rules', 'rules', '--data', 'lake', join(dir, 'signin.json')]);
  expect(b.code, b.err).toBe(0);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bridge ingest --rules (single-event rules in the stream, before redaction)', () => {
  it('raises alerts under alerts/ naming rule_id, rule and count, and a cidr rule fires on the source address', async () => {
    const alerts = await alertFiles();
    const byRule = Object.fromEntries(alerts.map((x) => [x.rule_id, x]));
    expect(byRule['t-stop-logging']).toMatchObject({ rule: 'Trail stopped', count: 1, severity: 'HIGH', detected_by: 'stream' });
    expect(byRule['t-doc-range']).toMatchObject({ rule: 'Console sign-in from the documentation range', count: 1, matched_fields: ['eventName', 'sourceIPAddress'] });
    expect(byRule['t-signin-failure']).toMatchObject({ count: 6 });
  });

  it('keeps the lake redacted: the alert holds no clear address or user', async () => {
    const text = JSON.stringify(await alertFiles());
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('pat.doe@fabrikam.example');
    expect(text).toContain('[HASH:ipv4:');
  });
});

describe('bridge query', () => {
  it('prints a table of events per source type', async () => {
    const r = await run(['query', '--data', 'lake', 'select source_type, count(*) as n from events group by 1 order by 2 desc']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^source_type\s+n$/);
    expect(r.out).toMatch(/signin\s+7/);
    expect(r.out).toMatch(/cloudtrail\s+3/);
  });

  it('reads the alerts view and prunes by --since/--until', async () => {
    const r = await run(['query', '--data', 'lake', '--format', 'json', '--since', '2026-11-21T00:00:00Z', '--until', '2026-11-22T00:00:00Z', 'select rule_id, count from alerts order by rule_id']);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as Array<{ rule_id: string }>).map((x) => x.rule_id)).toEqual(['t-doc-range', 't-signin-failure', 't-stop-logging']);
    const none = await run(['query', '--data', 'lake', '--format', 'csv', '--since', '2026-10-01T00:00:00Z', '--until', '2026-10-02T00:00:00Z', 'select count(*) as n from events']);
    expect(none.out).toBe('n\n0');
  });

  it('exits 2 with DuckDB’s message on invalid SQL', async () => {
    const r = await run(['query', '--data', 'lake', 'selec * from events']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/syntax error at or near "selec"/);
  });

  it.each([
    ["attach '/tmp/other.db' as o", /ATTACH is not allowed/],
    ['install httpfs', /INSTALL is not allowed|not allowed/],
    ["copy (select 1) to '/tmp/x.csv'", /COPY is allowed only to a file in the export folder/],
    ["select * from read_text('lake/.dev-keys/hmac.key')", /Permission Error/],
  ])('refuses %s', async (sql, message) => {
    const r = await run(['query', '--data', 'lake', sql]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('says when --limit cuts the rows', async () => {
    const r = await run(['query', '--data', 'lake', '--limit', '2', 'select event_id from events']);
    expect(r.out.split('\n')).toHaveLength(4);
    expect(r.err).toMatch(/showing the first 2 rows/);
  });

  it('reports a truncated gzip object and still answers', async () => {
    const bad = join(data(), 'raw/source=aws.s3/dt=2026-11-21/hour=10/truncated.jsonl.gz');
    const whole = gzipSync(Buffer.from(`${JSON.stringify({ event_id: 'x', source_type: 'cloudtrail' })}\n`.repeat(50)));
    await writeFile(bad, whole.subarray(0, whole.length - 20));
    try {
      const r = await run(['query', '--data', 'lake', 'select count(*) as n from events']);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/skipped .*truncated\.jsonl\.gz: it does not decompress/);
      expect(r.out).toMatch(/10$/);
    } finally {
      await rm(bad);
    }
  });
});

describe('bridge detect (correlation rules over the lake)', () => {
  it('raises the burst alert once per user and deduplicates across runs', async () => {
    const first = await run(['detect', '--data', 'lake', '--rules', 'rules', '--since', '2026-11-21T00:00:00Z', '--until', '2026-11-22T00:00:00Z']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/t-signin-burst\s+"Sign-in failure burst"\s+count 6/);
    // the cidr rule cannot run over hashed addresses and says so
    expect(first.out).toMatch(/skipped t-doc-range: \|cidr needs the clear address/);
    const again = await run(['detect', '--data', 'lake', '--rules', 'rules', '--since', '2026-11-21T00:00:00Z', '--until', '2026-11-22T00:00:00Z']);
    expect(again.code).toBe(0);
    const burst = (await alertFiles()).filter((a) => a.rule_id === 't-signin-burst');
    expect(burst).toHaveLength(1);
    expect(burst[0]).toMatchObject({ rule: 'Sign-in failure burst', count: 6, rule_kind: 'correlation', detected_by: 'lake' });
    expect(Object.values(burst[0]!.group as Record<string, string>)[0]).toMatch(/^\[HASH:/);
    // single-event rules over the lake merge with the stream's alert instead of doubling it
    expect((await alertFiles()).find((a) => a.rule_id === 't-stop-logging')).toMatchObject({ count: 1 });
  });
});

describe('bridge query --export', () => {
  it('allows COPY into the export folder only', async () => {
    const r = await run(['query', '--data', 'lake', '--export', 'out', "copy (select source_type, count(*) as n from events group by 1) to 'out/counts.csv' (header)"]);
    expect(r.code, r.err).toBe(0);
    expect(await readFile(join(dir, 'out/counts.csv'), 'utf8')).toMatch(/^source_type,n\n/);
    const outside = await run(['query', '--data', 'lake', '--export', 'out', "copy (select 1) to 'lake/raw/x.csv'"]);
    expect(outside.code).toBe(2);
    expect(outside.err).toMatch(/COPY may write only inside/);
  });
});
