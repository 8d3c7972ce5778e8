/**
 * Which commit a deployed image was built from (seed 003 story 3), and how sure we are. Pure.
 *   high   — the image says so: OCI config label or manifest annotation
 *            `org.opencontainers.image.revision` (read from the registry);
 *   medium — the image tag is a commit SHA that the GitHub API confirmed exists;
 *   low    — a workload annotation from CI, an unconfirmed SHA-like tag, or
 *            `app.kubernetes.io/version`; or nothing at all (no revision, said so), so the
 *            Brain avoids a strong attribution.
 */

export const OCI_REVISION = 'org.opencontainers.image.revision';

/** Annotations CI systems commonly stamp on workloads or pod templates. */
export const CI_REVISION_ANNOTATIONS = [OCI_REVISION, 'vcs-ref', 'git-commit', 'git.commit', 'git-sha', 'commit-sha', 'ci/commit-sha', 'app.kubernetes.io/revision'];

export type MappingConfidence = 'high' | 'medium' | 'low';

export interface RevisionMapping {
  revision?: string;
  mapping_confidence: MappingConfidence;
  mapping_source: string;
}

export interface RevisionEvidence {
  /** From the registry, when it could be read. */
  oci?: { labels: Record<string, string>; annotations: Record<string, string> };
  tag?: string;
  /** The full SHA GitHub returned for the tag, when the lookup confirmed it. */
  tagCommit?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const SHA_LIKE = /^[0-9a-f]{7,40}$/;

export function isShaLike(tag: string | undefined): tag is string {
  return tag !== undefined && SHA_LIKE.test(tag);
}

export function mapRevision(e: RevisionEvidence): RevisionMapping {
  const label = e.oci?.labels[OCI_REVISION];
  if (label) return { revision: label, mapping_confidence: 'high', mapping_source: 'oci_config_label' };
  const annotation = e.oci?.annotations[OCI_REVISION];
  if (annotation) return { revision: annotation, mapping_confidence: 'high', mapping_source: 'oci_manifest_annotation' };
  if (e.tagCommit) return { revision: e.tagCommit, mapping_confidence: 'medium', mapping_source: 'image_tag_confirmed_by_github' };
  for (const key of CI_REVISION_ANNOTATIONS) {
    const v = e.annotations[key];
    if (v) return { revision: v, mapping_confidence: 'low', mapping_source: `annotation:${key}` };
  }
  if (isShaLike(e.tag)) return { revision: e.tag, mapping_confidence: 'low', mapping_source: 'image_tag_unconfirmed' };
  const version = e.labels['app.kubernetes.io/version'];
  if (version) return { revision: version, mapping_confidence: 'low', mapping_source: 'label:app.kubernetes.io/version' };
  return { mapping_confidence: 'low', mapping_source: 'unknown' };
}
