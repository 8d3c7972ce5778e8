import type { BronzeEventDraft, Severity } from '../../schema/index.js';
import type { NormalizeContext } from '../types.js';
import { at, compact, draft, eventId, num, rec, severityFromWord, str, toIso } from './common.js';

/** GitHub REST deployments, deployment statuses, releases, workflow runs and Dependabot alerts → BronzeEventDraft. Pure. */

/** What the GitHub connector yields for a deployment status: the vendor's status and the deployment it belongs to. */
export interface DeploymentStatusRecord {
  deployment: { id?: number; sha?: string; ref?: string; environment?: string };
  status: unknown;
}

const resource = (repo: string, id: string | undefined, name?: string) => ({ cloud: 'saas' as const, service: 'github', id, name: name ?? repo });

export function workflowRunSeverity(conclusion: unknown): Severity {
  switch (conclusion) {
    case 'failure':
    case 'timed_out':
    case 'startup_failure':
      return 'MEDIUM';
    case 'cancelled':
    case 'action_required':
      return 'LOW';
    default:
      return 'INFO';
  }
}

export function deploymentStatusSeverity(state: unknown): Severity {
  return state === 'failure' || state === 'error' ? 'HIGH' : 'INFO';
}

function deployment(d: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const id = str(d.id);
  const sha = str(d.sha);
  const environment = str(d.environment);
  return draft({
    source: 'github',
    sourceType: 'deployment',
    eventId: eventId(['github', 'deployment', ctx.scope, id]),
    timestamp: toIso(d.created_at),
    ingestedAt: ctx.ingestedAt,
    severity: 'INFO',
    title: `Deployment of ${str(d.ref) ?? sha?.slice(0, 12) ?? 'unknown ref'}${environment ? ` to ${environment}` : ''}`,
    fallbackTitle: 'GitHub deployment',
    resource: resource(ctx.scope, id),
    asset: ctx.scope,
    attributes: {
      repository: ctx.scope,
      deployment_id: num(d.id),
      revision: sha,
      mapping_confidence: sha ? 'high' : 'low',
      ref: str(d.ref),
      task: str(d.task),
      environment,
      production_environment: typeof d.production_environment === 'boolean' ? d.production_environment : undefined,
      creator: str(at(d, 'creator.login')),
      commit: d.commit_summary === undefined ? undefined : rec(d.commit_summary),
    },
    raw,
  });
}

function deploymentStatus(r: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const s = rec(r.status);
  const dep = rec(r.deployment);
  const state = str(s.state);
  const environment = str(s.environment) ?? str(dep.environment);
  const sha = str(dep.sha);
  return draft({
    source: 'github',
    sourceType: 'deployment_status',
    eventId: eventId(['github', 'deployment_status', ctx.scope, str(s.id)]),
    timestamp: toIso(s.created_at),
    ingestedAt: ctx.ingestedAt,
    severity: deploymentStatusSeverity(state),
    title: `Deployment ${state ?? 'status'}${environment ? ` in ${environment}` : ''}`,
    fallbackTitle: 'GitHub deployment status',
    resource: resource(ctx.scope, str(s.id)),
    asset: ctx.scope,
    attributes: {
      repository: ctx.scope,
      deployment_id: num(dep.id),
      revision: sha,
      mapping_confidence: sha ? 'high' : 'low',
      state,
      environment,
      ref: str(dep.ref),
      environment_url: str(s.environment_url),
      log_url: str(s.log_url) ?? str(s.target_url),
      creator: str(at(s, 'creator.login')),
    },
    raw: r.status,
  });
}

function release(r: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const id = str(r.id);
  const tag = str(r.tag_name);
  return draft({
    source: 'github',
    sourceType: 'release',
    eventId: eventId(['github', 'release', ctx.scope, id]),
    timestamp: toIso(r.published_at ?? r.created_at),
    ingestedAt: ctx.ingestedAt,
    severity: 'INFO',
    title: `Release ${str(r.name) ?? tag ?? id ?? ''}`.trim(),
    fallbackTitle: 'GitHub release',
    resource: resource(ctx.scope, id),
    asset: ctx.scope,
    attributes: {
      repository: ctx.scope,
      release_id: num(r.id),
      tag,
      target_commitish: str(r.target_commitish),
      prerelease: typeof r.prerelease === 'boolean' ? r.prerelease : undefined,
      author: str(at(r, 'author.login')),
      url: str(r.html_url),
    },
    raw,
  });
}

function workflowRun(r: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const id = str(r.id);
  const conclusion = str(r.conclusion);
  return draft({
    source: 'github',
    sourceType: 'workflow_run',
    eventId: eventId(['github', 'workflow_run', ctx.scope, id, num(r.run_attempt) ?? 1, str(r.updated_at)]),
    timestamp: toIso(r.run_started_at ?? r.created_at),
    ingestedAt: ctx.ingestedAt,
    severity: workflowRunSeverity(conclusion),
    title: `${str(r.name) ?? 'Workflow'} #${str(r.run_number) ?? '?'} ${conclusion ?? str(r.status) ?? ''}`.trim(),
    fallbackTitle: 'GitHub workflow run',
    resource: resource(ctx.scope, id),
    asset: ctx.scope,
    attributes: {
      repository: ctx.scope,
      run_id: num(r.id),
      workflow_id: num(r.workflow_id),
      workflow: str(r.name),
      run_number: num(r.run_number),
      run_attempt: num(r.run_attempt),
      event: str(r.event),
      status: str(r.status),
      conclusion,
      head_branch: str(r.head_branch),
      revision: str(r.head_sha),
      actor: str(at(r, 'actor.login')),
      updated_at: toIso(r.updated_at) || undefined,
      url: str(r.html_url),
    },
    raw,
  });
}

function dependabotAlert(a: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const number = str(a.number);
  const state = str(a.state);
  const advisorySeverity = at(a, 'security_advisory.severity') ?? at(a, 'security_vulnerability.severity');
  const ghsa = str(at(a, 'security_advisory.ghsa_id'));
  const pkg = str(at(a, 'dependency.package.name'));
  return draft({
    source: 'github',
    sourceType: 'dependabot_alert',
    eventId: eventId(['github', 'dependabot_alert', ctx.scope, number, str(a.updated_at)]),
    timestamp: toIso(a.updated_at ?? a.created_at),
    ingestedAt: ctx.ingestedAt,
    // A fixed or dismissed alert is information, whatever the advisory said.
    severity: state === 'open' ? severityFromWord(advisorySeverity, 'MEDIUM') : 'INFO',
    title: `${pkg ?? 'dependency'}: ${str(at(a, 'security_advisory.summary')) ?? ghsa ?? 'security alert'}`,
    fallbackTitle: 'Dependabot alert',
    resource: resource(ctx.scope, number),
    asset: ctx.scope,
    attributes: {
      repository: ctx.scope,
      alert_number: num(a.number),
      state,
      advisory_severity: str(advisorySeverity),
      ghsa_id: ghsa,
      cve_id: str(at(a, 'security_advisory.cve_id')),
      ecosystem: str(at(a, 'dependency.package.ecosystem')),
      package: pkg,
      manifest_path: str(at(a, 'dependency.manifest_path')),
      vulnerable_version_range: str(at(a, 'security_vulnerability.vulnerable_version_range')),
      first_patched_version: str(at(a, 'security_vulnerability.first_patched_version.identifier')),
      fixed_at: toIso(a.fixed_at) || undefined,
      dismissed_at: toIso(a.dismissed_at) || undefined,
      url: str(a.html_url),
    },
    raw,
  });
}

/** A commit summary (github/commit-summary.ts): already minimal (login, no name or e-mail). */
function commit(c: Record<string, unknown>, raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const sha = str(c.sha);
  return draft({
    source: 'github',
    sourceType: 'commit',
    eventId: eventId(['github', 'commit', ctx.scope, sha]),
    timestamp: toIso(c.committed_at),
    ingestedAt: ctx.ingestedAt,
    severity: 'INFO',
    title: `${sha?.slice(0, 12) ?? 'commit'} ${str(c.title) ?? ''}`.trim(),
    fallbackTitle: 'GitHub commit',
    resource: resource(ctx.scope, sha),
    asset: ctx.scope,
    attributes: {
      repository: ctx.scope,
      sha,
      title: str(c.title),
      author: str(c.author),
      files_changed: num(c.files_changed),
      additions: num(c.additions),
      deletions: num(c.deletions),
      pr_number: num(c.pr_number),
      merged_at: toIso(c.merged_at) || undefined,
      url: str(c.url),
    },
    raw,
  });
}

/** A pull request: its state, merge and branches; the body (free-form text) is not kept (SR-007). */
function pullRequest(p: Record<string, unknown>, _raw: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const number = num(p.number);
  const mergedAt = toIso(p.merged_at) || undefined;
  const state = mergedAt ? 'merged' : str(p.state);
  const projection = {
    number,
    state: str(p.state),
    title: str(p.title),
    user: str(at(p, 'user.login')),
    created_at: str(p.created_at),
    updated_at: str(p.updated_at),
    closed_at: str(p.closed_at),
    merged_at: str(p.merged_at),
    merge_commit_sha: str(p.merge_commit_sha),
    base: str(at(p, 'base.ref')),
    head: str(at(p, 'head.ref')),
    head_sha: str(at(p, 'head.sha')),
    draft: typeof p.draft === 'boolean' ? p.draft : undefined,
    html_url: str(p.html_url),
  };
  return draft({
    source: 'github',
    sourceType: 'pull_request',
    eventId: eventId(['github', 'pull_request', ctx.scope, number, str(p.updated_at)]),
    timestamp: toIso(p.updated_at ?? p.created_at),
    ingestedAt: ctx.ingestedAt,
    severity: 'INFO',
    title: `PR #${number ?? '?'} ${state ?? ''}: ${str(p.title) ?? ''}`.trim(),
    fallbackTitle: 'GitHub pull request',
    resource: resource(ctx.scope, str(p.number)),
    asset: ctx.scope,
    attributes: {
      repository: ctx.scope,
      number,
      state,
      title: projection.title,
      author: projection.user,
      merged_at: mergedAt,
      merge_commit_sha: projection.merge_commit_sha,
      revision: projection.merge_commit_sha ?? projection.head_sha,
      base: projection.base,
      head: projection.head,
      draft: projection.draft,
      url: projection.html_url,
    },
    raw: compact(projection),
  });
}

const BY_TYPE: Record<string, (r: Record<string, unknown>, raw: unknown, ctx: NormalizeContext) => BronzeEventDraft> = {
  deployments: deployment,
  deployment_statuses: deploymentStatus,
  releases: release,
  workflow_runs: workflowRun,
  dependabot_alerts: dependabotAlert,
  commits: commit,
  pull_requests: pullRequest,
};

export function normalizeGitHub(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
  return (BY_TYPE[ctx.dataType] ?? deployment)(rec(record), record, ctx);
}
