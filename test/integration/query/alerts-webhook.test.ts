import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main.js';
import { captureIo } from '../../unit/scripts/capture-io.js';

/** Rules from `detections.rules` in bridge.yaml; alerts delivered to a loopback webhook receiver; summary counts. */
let dir: string;
let server: Server;
const received: Array<{ headers: Record<string, unknown>; body: { text: string; alerts: Array<Record<string, unknown>> } }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-webhook-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) as (typeof received)[number]['body'] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await writeFile(
    join(dir, 'rule.yml'),
    'title: Root used the console\nid: w-root\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    userIdentity.type: Root\n  condition: sel\nlevel: critical\n',
  );
  await writeFile(join(dir, 'hook-auth'), 'Bearer test-token');
  await writeFile(
    join(dir, 'bridge.yaml'),
    `detections:\n  rules: [${join(dir, 'rule.yml')}]\nsinks:\n  fixops: {enabled: false}\n  webhook:\n    enabled: true\n    url: http://127.0.0.1:${port}/hook\n    authorization_secret_ref: file:${join(dir, 'hook-auth')}\n    min_severity: HIGH\n  max_attempts: 1\n`,
  );
  const trail = {
    Records: [
      { eventVersion: '1.09', eventTime: '2026-11-21T12:00:00Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.50', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' }, responseElements: { ConsoleLogin: 'Success' }, eventID: '11111111-2222-4333-8444-555555555555' },
    ],
  };
  await writeFile(join(dir, 'trail.json'), JSON.stringify(trail));
}, 30_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('alerts through the sinks', () => {
  it('delivers the stream alert to the webhook and counts it in the TelemetrySummary', async () => {
    const io = captureIo(dir, {});
    const key = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/21/t.json';
    const code = await main(['ingest', '--trigger', 's3', '--key', key, '--config', 'bridge.yaml', '--data', 'lake', '--json', join(dir, 'trail.json')], io);
    expect(code, io.stderr.join('\n')).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.authorization).toBe('Bearer test-token');
    expect(received[0]!.body.alerts[0]).toMatchObject({ rule_id: 'w-root', rule: 'Root used the console', severity: 'CRITICAL', count: 1 });
    expect(received[0]!.body.text).toMatch(/^\[CRITICAL P9\d\] Root used the console \(w-root\) ×1/);
    expect(JSON.stringify(received[0]!.body)).not.toContain('203.0.113.50');
    const q = captureIo(dir, {});
    expect(await main(['query', '--data', 'lake', '--format', 'json', 'select detections from summaries'], q)).toBe(0);
    expect(q.json<Array<{ detections: unknown }>>()[0]!.detections).toEqual([{ rule_id: 'w-root', rule: 'Root used the console', severity: 'CRITICAL', count: 1 }]);
  });
});
