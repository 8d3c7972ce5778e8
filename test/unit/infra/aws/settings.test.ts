import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AwsSettingsSchema, functionSizeOf } from '../../../../infra/aws/settings.js';
import { handlerBundleDir } from '../../../../infra/aws/stack.js';
import { parseCloudSettings } from '../../../../infra/settings.js';
import { ConfigError } from '../../../../shared/errors.js';

describe('the aws: config section', () => {
  it('has defaults for everything, so an empty section deploys', () => {
    const s = AwsSettingsSchema.parse({});
    expect(s).toMatchObject({ name_prefix: 'telemetry-bridge', schedule_rate: 'rate(15 minutes)', memory_mb: 512, timeout_s: 60, evidence_object_lock: false });
    expect(s.log_groups).toEqual([]);
  });

  it.each([
    [{ s3_notification_prefixes: ['raw/'] }, 'aws.s3_notification_prefixes[0]', 'loop'],
    [{ s3_notification_prefixes: ['evidence/incoming/'] }, 'aws.s3_notification_prefixes[0]', 'loop'],
    [{ s3_notification_prefixes: ['incoming'] }, 'aws.s3_notification_prefixes[0]', 'ending with "/"'],
    [{ log_groups: ['/aws/lambda/telemetry-bridge-schedule'] }, 'aws.log_groups[0]', 'loop'],
    [{ schedule_rate: 'every 5 minutes' }, 'aws.schedule_rate', 'schedule expression'],
    [{ timeout_s: 901 }, 'aws.timeout_s', ''],
    [{ log_retention_days: 31 }, 'aws.log_retention_days', 'must be one of'],
    [{ functions: { scheduler: {} } }, 'aws.functions', ''],
    [{ environment: { 'bad-name': 'x' } }, 'aws.environment', 'environment variable'],
  ])('refuses %j, naming %s', (section, where, why) => {
    let error: unknown;
    try {
      parseCloudSettings('aws', AwsSettingsSchema, section);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`invalid config at ${where}`);
    expect((error as Error).message).toContain(why);
  });

  it('takes a per-function size over the global one', () => {
    const s = AwsSettingsSchema.parse({ memory_mb: 256, timeout_s: 30, functions: { s3_objects: { timeout_s: 120 } } });
    expect(functionSizeOf(s, 's3-objects')).toEqual({ memoryMb: 256, timeoutS: 120 });
    expect(functionSizeOf(s, 'evidence')).toEqual({ memoryMb: 256, timeoutS: 30 });
  });
});

describe('handler bundles', () => {
  it('names the missing bundle and the build command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-no-dist-'));
    try {
      expect(() => handlerBundleDir(dir, 'schedule')).toThrow(/schedule bundle is missing .*npm run build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
