import { afterEach, describe, expect, it } from 'vitest';
import { harness, NOW, secretsOf } from '../../../helpers/vendors/harness.js';
import { commitObject, loopbackApp, pullObject, strangerKey } from '../../../helpers/vendors/github-commits.js';
import { startGitHub, type GitHubData } from '../../../helpers/vendors/github.js';
import type { LoopbackVendor } from '../../../helpers/vendors/server.js';

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);
const OLD_SHA = 'c'.repeat(40);

const repo = (): GitHubData => ({
  deployments: [],
  statuses: {},
  releases: [],
  runs: [],
  alerts: [],
  commits: [commitObject(SHA2, '2026-11-25T10:00:00Z', 'Raise checkout timeout', 'octocat', 3), commitObject(SHA1, '2026-11-25T08:00:00Z', 'Add retry to payments client', 'hubot', 1), commitObject(OLD_SHA, '2026-11-20T08:00:00Z', 'Old', 'hubot')],
  pulls: [pullObject(12, '2026-11-25T10:05:00Z', '2026-11-25T10:05:00Z', [SHA2]), pullObject(11, '2026-11-25T07:00:00Z', null, []), pullObject(3, '2026-11-01T07:00:00Z', '2026-11-01T07:00:00Z', [OLD_SHA])],
});

let vendor: LoopbackVendor;
afterEach(async () => {
  await vendor?.close();
});

describe('github connector with GitHub App auth: commits and pull requests', () => {
  it('signs an RS256 app JWT, caches the installation token, and collects commit summaries and pull requests', async () => {
    const { app, privateKey } = loopbackApp(() => NOW);
    vendor = await startGitHub('unused-pat', { 'octo-org/checkout': repo() }, app);
    const h = harness(
      {
        github: {
          base_url: vendor.origin,
          app: { app_id: app.appId, installation_id: app.installationId, private_key_secret_ref: 'env:GH_APP_KEY' },
          repositories: ['octo-org/checkout'],
          data_types: ['commits', 'pull_requests'],
          page_size: 2,
          max_attempts: 1,
        },
      },
      secretsOf({ 'env:GH_APP_KEY': privateKey }),
    );
    const result = await h.run();
    expect(h.manifest(result, 'github').errors).toEqual([]);
    expect(vendor.to('/app/installations/77/access_tokens', 'POST')).toHaveLength(1);
    const api = vendor.requests.filter((r) => r.path.startsWith('/repos/'));
    expect(api.every((r) => r.headers.authorization === `Bearer ${app.issued[0]}`)).toBe(true);
    const list = vendor.to('/repos/octo-org/checkout/commits')[0]!;
    expect(list.query.get('since')).toBe('2026-11-24T11:00:00.000Z'); // window start minus the 1 h overlap
    const events = await h.events('github');
    const commits = events.filter((e) => e.source_type === 'commit');
    expect(commits.map((e) => e.attributes.sha)).toEqual([SHA1, SHA2]);
    expect(commits[1]!.attributes).toMatchObject({ title: 'Raise checkout timeout', author: 'octocat', files_changed: 3, additions: 30, deletions: 3, pr_number: 12, merged_at: '2026-11-25T10:05:00.000Z' });
    const prs = events.filter((e) => e.source_type === 'pull_request');
    expect(prs.map((e) => [e.attributes.number, e.attributes.state])).toEqual([
      [11, 'open'],
      [12, 'merged'],
    ]);
    // Pages stop at the watermark: the page holding PR 3 (older than the window) is the last asked for.
    expect(vendor.to('/repos/octo-org/checkout/pulls').map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
    const stored = JSON.stringify(events);
    expect(stored).not.toContain('@example.invalid');
    expect(stored).not.toContain('Free-form description');
  });

  it('exchanges a new installation token after a 401 (revoked or expired) and retries once', async () => {
    const { app, privateKey } = loopbackApp(() => NOW);
    vendor = await startGitHub('unused-pat', { 'octo-org/checkout': repo() }, app);
    const settings = { base_url: vendor.origin, app: { app_id: app.appId, installation_id: 77, private_key_secret_ref: 'env:GH_APP_KEY' }, repositories: ['octo-org/checkout'], data_types: ['pull_requests'], max_attempts: 1 };
    const h = harness({ github: settings }, secretsOf({ 'env:GH_APP_KEY': privateKey }));
    vendor.inject({ path: '/repos/octo-org/checkout/pulls', reply: { status: 401, json: { message: 'Bad credentials' } } });
    const result = await h.run();
    expect(h.manifest(result, 'github').errors).toEqual([]);
    expect(app.issued).toHaveLength(2);
    expect(vendor.to('/repos/octo-org/checkout/pulls').at(-1)!.headers.authorization).toBe(`Bearer ${app.issued[1]}`);
  });

  it('refuses a wrong key: the token exchange fails with an auth error and no secret in the manifest', async () => {
    const { app } = loopbackApp(() => NOW);
    vendor = await startGitHub('unused-pat', { 'octo-org/checkout': repo() }, app);
    const h = harness(
      { github: { base_url: vendor.origin, app: { app_id: app.appId, installation_id: 77, private_key_secret_ref: 'env:GH_APP_KEY' }, repositories: ['octo-org/checkout'], data_types: ['commits'], max_attempts: 1 } },
      secretsOf({ 'env:GH_APP_KEY': strangerKey() }),
    );
    const result = await h.run();
    const m = await h.storedManifest(result, 'github');
    expect(m.status).toBe('partial');
    expect(m.errors[0]).toMatchObject({ name: 'ConnectorAuthError', status: 401 });
    expect(JSON.stringify(m)).not.toContain('PRIVATE KEY');
  });

  it('links a deployment to its commit summary on demand (link_commits)', async () => {
    const data = { ...repo(), deployments: [{ id: 9, sha: SHA2, ref: 'main', environment: 'production', created_at: '2026-11-25T10:30:00Z', creator: { login: 'octocat' } }] };
    vendor = await startGitHub('link-pat', { 'octo-org/checkout': data });
    const h = harness({ github: { base_url: vendor.origin, token_secret_ref: 'env:T', repositories: ['octo-org/checkout'], data_types: ['deployments'], link_commits: true, max_attempts: 1 } }, secretsOf({ 'env:T': 'link-pat' }));
    await h.run();
    const [deploy] = await h.events('github');
    expect(deploy!.attributes).toMatchObject({ revision: SHA2, mapping_confidence: 'high', commit: { sha: SHA2, title: 'Raise checkout timeout', pr_number: 12, merged_at: '2026-11-25T10:05:00Z' } });
  });

  it('sends the ETag GitHub gave the same token and reuses the answer on 304', async () => {
    vendor = await startGitHub('etag-pat', { 'octo-org/checkout': repo() });
    let served = 0;
    vendor.inject({ path: '/repos/octo-org/checkout/pulls', times: 1, reply: { headers: { etag: '"pulls-v1"' }, json: [pullObject(12, '2026-11-25T10:05:00Z', '2026-11-25T10:05:00Z', [SHA2])] } });
    vendor.inject({ path: '/repos/octo-org/checkout/pulls', times: 1, reply: { status: 304, headers: { etag: '"pulls-v1"' } } });
    const settings = { github: { base_url: vendor.origin, token_secret_ref: 'env:T', repositories: ['octo-org/checkout'], data_types: ['pull_requests'], max_attempts: 1 } };
    for (const _ of [1, 2]) {
      const h = harness(settings, secretsOf({ 'env:T': 'etag-pat' }));
      await h.run();
      served += (await h.events('github')).length;
    }
    const asked = vendor.to('/repos/octo-org/checkout/pulls');
    expect(asked[0]!.headers['if-none-match']).toBeUndefined();
    expect(asked[1]!.headers['if-none-match']).toBe('"pulls-v1"');
    expect(served).toBe(2);
  });
});
