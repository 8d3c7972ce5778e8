import type { HttpClient } from '../http-base.js';
import { isRecord } from '../pagination.js';

/**
 * A pre-computed commit summary (seed 003 GH-002): sha, author login (no name or e-mail), title
 * (first line of the message), files changed, additions/deletions, the pull request it came
 * from and when that merged. Two calls: the commit, and the pull requests associated with it.
 */
export interface CommitSummary {
  sha: string;
  repository: string;
  title?: string;
  author?: string;
  committed_at?: string;
  files_changed?: number;
  additions?: number;
  deletions?: number;
  pr_number?: number;
  merged_at?: string;
  url?: string;
}

const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function summarizeCommit(repository: string, commit: Record<string, any>, pulls: unknown[]): CommitSummary {
  const message = s(commit.commit?.message);
  const pr = pulls.filter(isRecord).sort((a, b) => String(a.merged_at ?? '~').localeCompare(String(b.merged_at ?? '~')))[0];
  const out: CommitSummary = {
    sha: String(commit.sha),
    repository,
    title: message?.split('\n', 1)[0]?.slice(0, 256),
    author: s(commit.author?.login),
    committed_at: s(commit.commit?.committer?.date) ?? s(commit.commit?.author?.date),
    files_changed: Array.isArray(commit.files) ? commit.files.length : undefined,
    additions: n(commit.stats?.additions),
    deletions: n(commit.stats?.deletions),
    pr_number: n(pr?.number),
    merged_at: s(pr?.merged_at),
    url: s(commit.html_url),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as CommitSummary;
}

/** Fetches and summarises one commit by SHA (or a ref); null when GitHub does not know it (404/422). */
export async function fetchCommitSummary(http: HttpClient, repository: string, ref: string): Promise<CommitSummary | null> {
  let commit: Record<string, any>;
  try {
    commit = (await http.request<Record<string, any>>({ path: `/repos/${repository}/commits/${encodeURIComponent(ref)}` })).body;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 404 || status === 422) return null;
    throw err;
  }
  if (!isRecord(commit) || typeof commit.sha !== 'string') return null;
  const pulls = (await http.request<unknown>({ path: `/repos/${repository}/commits/${commit.sha}/pulls`, query: { per_page: 10 } })).body;
  return summarizeCommit(repository, commit, Array.isArray(pulls) ? pulls : []);
}
