import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../../shared/errors.js';
import { envOverrides, loadConfig, RETENTION } from '../../../../shared/config/index.js';

function yamlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
  const path = join(dir, 'bridge.yaml');
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('gives safe defaults with no file', () => {
    const config = loadConfig({ env: {} });
    expect(config.store.type).toBe('local');
    expect(config.pipeline.max_depth).toBe(64);
    expect(config.summary.rules.map((r) => r.name)).toContain('waf-blocks');
    expect(config.sinks.fixops.mode).toBe('file');
  });

  it('layers defaults, then the file, then BRIDGE__ environment overrides', () => {
    const path = yamlFile('pipeline:\n  max_depth: 20\n  gzip_level: 4\nstore:\n  type: local\n  path: /tmp/x\n');
    const config = loadConfig({ path, env: { BRIDGE__PIPELINE__MAX_DEPTH: '30' } });
    expect(config.pipeline.max_depth).toBe(30);
    expect(config.pipeline.gzip_level).toBe(4);
    expect(config.store.path).toBe('/tmp/x');
  });

  it('reads the file named by BRIDGE_CONFIG', () => {
    const path = yamlFile('redaction:\n  allow_fields: [user_agent]\n');
    expect(loadConfig({ env: { BRIDGE_CONFIG: path } }).redaction.allow_fields).toEqual(['user_agent']);
  });

  it.each([
    ['pipeline:\n  max_depth: deep\n', 'invalid config at pipeline.max_depth'],
    ['store:\n  type: ftp\n', 'invalid config at store.type'],
    ['pipeline:\n  unknown_key: 1\n', 'invalid config at pipeline'],
    ['summary:\n  rules:\n    - name: Bad Name\n      where: {}\n', 'invalid config at summary.rules[0].name'],
    ['- a\n- b\n', 'must hold a mapping'],
    ['a: [unclosed\n', 'not valid YAML'],
  ])('fails at start naming the path and why: %j', (text, message) => {
    expect(() => loadConfig({ path: yamlFile(text), env: {} })).toThrow(message);
  });

  it.each([
    ['sinks:\n  fixops:\n    api_key: abc123\n', 'sinks.fixops.api_key'],
    ['redaction:\n  hmac_key: supersecret\n', 'redaction.hmac_key'],
    ['connectors:\n  pagerduty:\n    token: abc\n', 'connectors.pagerduty.token'],
    ['connectors:\n  splunk:\n    password: hunter2\n', 'connectors.splunk.password'],
  ])('refuses a literal secret where a *_secret_ref is expected: %j', (text, where) => {
    let error: unknown;
    try {
      loadConfig({ path: yamlFile(text), env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(where);
    expect((error as Error).message).toContain('_secret_ref');
    expect((error as Error).message).not.toMatch(/abc123|supersecret|hunter2/);
  });

  it.each([
    ['sinks:\n  fixops:\n    api_key_secret_ref: "env:K\n  timeout_ms: 5\n', 'a missing closing quote or bracket at line 5, column 1'],
    ['redaction:\n  salt_secret_ref: env:X\n hmac_key_secret_ref: s3cr3t-value\n', 'bad indentation at line 3, column 1'],
    ['a: 1\na: s3cr3t-value\n', 'a key given twice in one mapping at line 2, column 1'],
    ['k: "s3cr3t-value\\q"\n', 'an invalid escape sequence in a double-quoted string at line 1, column'],
    ['k: *s3cr3t-value\n', 'an alias to an anchor that is not defined before it'],
  ])('names file, line, column and the problem of a YAML syntax error, never the line: %j', (text, problem) => {
    const path = yamlFile(text);
    const stderr = vi.spyOn(process, 'emitWarning');
    let error: unknown;
    try {
      loadConfig({ path, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const err = error as ConfigError;
    const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(err.message).toMatch(new RegExp(`^${escape(`config file ${path} is not valid YAML: ${problem}`)}${problem.endsWith('column') ? ' \\d+' : ''}$`));
    expect(err.message).toContain(path);
    expect(JSON.stringify({ message: err.message, context: err.context, cause: String(err.cause) })).not.toMatch(/s3cr3t|env:K|timeout_ms/);
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
  });

  it('accepts secret references', () => {
    const config = loadConfig({ env: { BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF: 'env:FIXOPS_KEY' } });
    expect(config.sinks.fixops.api_key_secret_ref).toBe('env:FIXOPS_KEY');
  });

  it('rejects a missing file with its path', () => {
    expect(() => loadConfig({ path: '/nonexistent/bridge.yaml', env: {} })).toThrow('/nonexistent/bridge.yaml cannot be read');
  });
});

describe('envOverrides', () => {
  it('never prints a value through a YAML warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    expect(envOverrides({ BRIDGE__A__B: '!!foo s3cr3t' })).toEqual({ a: { b: 's3cr3t' } });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('parses nested keys and YAML scalars', () => {
    expect(envOverrides({ BRIDGE__A__B_C: '12', BRIDGE__A__D: 'true', OTHER: 'x' })).toEqual({ a: { b_c: 12, d: true } });
  });

  it.each(['BRIDGE____X', 'BRIDGE__A____PROTO__', 'BRIDGE__CONSTRUCTOR__X'])('refuses an unsafe path %s', (name) => {
    expect(() => envOverrides({ [name]: '1' })).toThrow(ConfigError);
  });
});

describe('RETENTION', () => {
  it('holds the product retention table', () => {
    expect(RETENTION.raw!.expireDays).toBe(7);
    expect(RETENTION.summaries!.expireDays).toBe(30);
    expect(RETENTION.quarantine!.expireDays).toBe(30);
    expect(RETENTION.evidence).toMatchObject({ coolAfterDays: 90, archiveAfterDays: 180, expireDays: 365 });
  });
});
