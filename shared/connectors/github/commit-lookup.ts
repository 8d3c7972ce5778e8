import { buildHttpClient } from '../base.js';
import type { KubernetesSettings } from '../kubernetes/settings.js';
import type { CommitLookup } from '../kubernetes/workload-revision.js';
import type { ConnectorMetrics } from '../metrics.js';
import type { ConnectorDeps } from '../types.js';
import { InstallationTokens } from './app-auth.js';
import { fetchCommitSummary, type CommitSummary } from './commit-summary.js';

const API_VERSION = '2022-11-28';

/**
 * The Kubernetes connector's way to GitHub (confirm a SHA tag, link a deploy to its commit):
 * the same commit summary and App auth the GitHub connector uses, with one answer per
 * (repository, ref) per run.
 */
export function githubCommitLookup(
  c: NonNullable<KubernetesSettings['commit_lookup']>,
  s: KubernetesSettings,
  deps: ConnectorDeps,
  meter: ConnectorMetrics,
): CommitLookup {
  let tokens: InstallationTokens | undefined;
  const http = buildHttpClient(s, deps, meter, {
    baseUrl: c.base_url,
    fetch: deps.fetch,
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': API_VERSION },
    auth: async () => ({ authorization: `Bearer ${tokens ? await tokens.token() : await deps.secrets.get(c.token_secret_ref!)}` }),
    onUnauthorized: async () => {
      tokens?.invalidate();
      return tokens !== undefined;
    },
  });
  if (c.app) {
    const app = c.app;
    tokens = new InstallationTokens(http, { appId: app.app_id, installationId: app.installation_id, privateKey: () => deps.secrets.get(app.private_key_secret_ref), clock: deps.clock, apiVersion: API_VERSION });
  }
  const cache = new Map<string, Promise<CommitSummary | null>>();
  return {
    ...(c.repository ? { defaultRepository: c.repository } : {}),
    commit(repository, ref) {
      const key = `${repository}@${ref}`;
      let found = cache.get(key);
      if (!found) {
        found = fetchCommitSummary(http, repository, ref);
        cache.set(key, found);
      }
      return found as Promise<Record<string, unknown> | null>;
    },
  };
}
