import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSamples, SAMPLE_SECRETS, SAMPLES_DIR } from '../../../scripts/demo/samples.js';
import { gunzipPrefix, isTruncatedGzip, sampleText } from './sample-text.js';

const root = fileURLToPath(SAMPLES_DIR);
const generated = buildSamples();

function committedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? committedFiles(path) : [relative(root, path).split(sep).join('/')];
  });
}

const committed = committedFiles(root).sort();
const decoded = generated.map((s) => sampleText(s.path, s.body)).join('\n');

/** An IPv4 address as a whole token (10.0.1.2 is not inside 10.0.1.25). */
function ipPattern(ip: string): RegExp {
  return new RegExp(`(?<![\\d.])${ip.replace(/\./g, '\\.')}(?![\\d])`);
}

describe('the demo samples', () => {
  it('are exactly what the generator produces (regenerate with `npx tsx scripts/demo/generate.ts`)', () => {
    expect(committed).toEqual(generated.map((s) => s.path).sort());
    for (const sample of generated) {
      const onDisk = readFileSync(join(root, sample.path));
      if (sample.path.endsWith('.gz') && isTruncatedGzip(sample.body)) {
        // Compressed bytes may differ between zlib builds; the cut stream must decode to the same prefix.
        expect(isTruncatedGzip(onDisk), sample.path).toBe(true);
        const [a, b] = [gunzipPrefix(onDisk), gunzipPrefix(sample.body)];
        expect(a.length > 0 && (a.startsWith(b) || b.startsWith(a)), sample.path).toBe(true);
      } else {
        expect(sampleText(sample.path, onDisk), sample.path).toBe(sampleText(sample.path, sample.body));
      }
    }
  });

  it('cover every trigger: CloudWatch events, S3 objects, Event Hubs batches and Pub/Sub CloudEvents', () => {
    for (const prefix of ['aws/cloudwatch/', 'aws/s3/', 'azure/eventhub/', 'gcp/pubsub/']) {
      expect(committed.some((p) => p.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it('never hold an AWS access key id literally in a committed file (the repository hook pattern)', () => {
    for (const path of committed) {
      expect(readFileSync(join(root, path)).toString('latin1'), path).not.toMatch(/AKIA[0-9A-Z]{16}/);
    }
  });

  it.each(Object.entries(SAMPLE_SECRETS))('carry every fake %s, so redaction has real work', (kind, values) => {
    for (const value of values) {
      if (kind === 'ipv4') expect(decoded, value).toMatch(ipPattern(value));
      else expect(decoded, value).toContain(value);
    }
  });

  it('list every email and IPv4 address they contain, so the end-to-end scan knows all of them', () => {
    const emails = new Set(decoded.match(/[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g) ?? []);
    expect(emails.size).toBeGreaterThan(3);
    for (const email of emails) expect(SAMPLE_SECRETS.emails, email).toContain(email);
    // Dotted quads after a '/' are versions (Chrome/124.0.0.0), not addresses.
    const ips = new Set([...decoded.matchAll(/(?<![\d./])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])/g)].map((m) => m[1]!));
    expect(ips.size).toBeGreaterThan(10);
    for (const ip of ips) expect(SAMPLE_SECRETS.ipv4, ip).toContain(ip);
  });

  it('include hostile payloads: a truncated gzip object and an Event Hubs message that is not JSON', () => {
    expect(generated.some((s) => s.path.endsWith('.gz') && isTruncatedGzip(s.body))).toBe(true);
    const firewall = generated.find((s) => s.path.startsWith('azure/eventhub/') && s.path.includes('firewall'))!;
    const messages = JSON.parse(firewall.body.toString('utf8')) as unknown[];
    const strings = messages.filter((m): m is string => typeof m === 'string');
    expect(strings.length).toBeGreaterThan(0);
    for (const text of strings) expect(() => JSON.parse(text)).toThrow();
  });
});
