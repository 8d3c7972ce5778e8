import { generateKeyPairSync } from 'node:crypto';
import type { LoopbackApp } from './github.js';

type Item = Record<string, unknown>;

/** A commit as GET /repos/{o}/{r}/commits/{sha} returns it (the list omits stats and files). */
export function commitObject(sha: string, at: string, title: string, login: string, files = 2): Item {
  return {
    sha,
    commit: { message: `${title}\n\nLonger body that may mention ${login}@example.invalid`, author: { name: `${login} Fixture`, email: `${login}@example.invalid`, date: at }, committer: { name: 'GitHub', email: 'noreply@example.invalid', date: at } },
    author: { login },
    html_url: `https://github.example/octo-org/checkout/commit/${sha}`,
    stats: { additions: 10 * files, deletions: files, total: 11 * files },
    files: Array.from({ length: files }, (_, i) => ({ filename: `src/file-${i}.ts`, additions: 10, deletions: 1 })),
  };
}

export function pullObject(number: number, updatedAt: string, mergedAt: string | null, commits: string[]): Item {
  return {
    number,
    state: mergedAt ? 'closed' : 'open',
    title: `Change ${number}`,
    body: 'Free-form description with a fixture.person@example.invalid address',
    user: { login: 'octocat' },
    created_at: '2026-11-20T10:00:00Z',
    updated_at: updatedAt,
    closed_at: mergedAt,
    merged_at: mergedAt,
    merge_commit_sha: commits[0] ?? null,
    base: { ref: 'main' },
    head: { ref: `feature-${number}`, sha: commits.at(-1) ?? null },
    draft: false,
    html_url: `https://github.example/octo-org/checkout/pull/${number}`,
    _commits: commits,
  };
}

let key: { publicKey: string; privateKey: string } | undefined;
let otherKey: { publicKey: string; privateKey: string } | undefined;
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });

/** A second private key the app does not know (to test a refused JWT). Generated once per process. */
export function strangerKey(): string {
  otherKey ??= rsa();
  return otherKey.privateKey;
}

/** A GitHub App with an RSA key: the PKCS#1 PEM GitHub issues, and the app record the loopback server verifies against. */
export function loopbackApp(now: () => number, lifetimeMs = 3_600_000): { app: LoopbackApp; privateKey: string } {
  key ??= rsa(); // generated once per process: RSA key generation takes about a second here
  const { publicKey, privateKey } = key;
  return { app: { appId: '424242', installationId: 77, publicKey, issued: [], lifetimeMs, revoked: new Set(), now }, privateKey };
}
