import type { ImageMapping } from '../normalize/kubernetes.js';
import { rec, str } from '../normalize/common.js';
import { isShaLike, mapRevision, type RevisionMapping } from './revision.js';
import { parseImageRef, type ImageMetadata, type OciRegistryClient } from './oci-registry.js';

/** Confirms a SHA-like tag / links a revision to its commit (the GitHub connector's commit summary). */
export interface CommitLookup {
  commit(repository: string, ref: string): Promise<Record<string, unknown> | null>;
  defaultRepository?: string;
}

const RANK = { high: 3, medium: 2, low: 1 } as const;
export const REPOSITORY_ANNOTATION = 'telemetry-bridge.io/repository';

/** `https://github.com/owner/name(.git)` → `owner/name`. */
function repositoryFromSource(url: string | undefined): string | undefined {
  const m = url ? /^https?:\/\/[^/]+\/([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url) : null;
  return m?.[1];
}

/**
 * Maps each container image of a (sanitized) workload to a revision: OCI metadata from the
 * configured registries (cached per image for the run), a SHA tag confirmed by the commit
 * lookup, then the workload's annotations and labels. The workload's mapping is its best image's.
 * Lookups that fail fall through to the next method (recorded as `lookup_error`).
 */
export class WorkloadRevisions {
  private readonly oci = new Map<string, Promise<ImageMetadata | undefined>>();
  readonly errors: string[] = [];

  constructor(
    private readonly registry: OciRegistryClient | undefined,
    private readonly registryHosts: ReadonlySet<string>,
    private readonly commits: CommitLookup | undefined,
  ) {}

  async map(workload: Record<string, unknown>): Promise<{ images: ImageMapping[]; mapping: RevisionMapping; commit?: Record<string, unknown> }> {
    const meta = rec(workload.metadata);
    const spec = rec(workload.spec);
    const labels = { ...(rec(spec.templateLabels) as Record<string, string>), ...(rec(meta.labels) as Record<string, string>) };
    const annotations = { ...(rec(spec.templateAnnotations) as Record<string, string>), ...(rec(meta.annotations) as Record<string, string>) };
    const images: ImageMapping[] = [];
    let repository = str(annotations[REPOSITORY_ANNOTATION]);
    for (const c of (Array.isArray(spec.containers) ? spec.containers : []).map(rec)) {
      const image = str(c.image);
      if (!image) continue;
      const ref = parseImageRef(image);
      const oci = this.registryHosts.has(ref.registry) ? await this.metadata(image) : undefined;
      repository ??= repositoryFromSource(oci?.labels['org.opencontainers.image.source'] ?? oci?.annotations['org.opencontainers.image.source']);
      let tagCommit: string | undefined;
      const ociRevision = oci?.labels['org.opencontainers.image.revision'] ?? oci?.annotations['org.opencontainers.image.revision'];
      const repo = repository ?? this.commits?.defaultRepository;
      if (!ociRevision && isShaLike(ref.tag) && this.commits && repo) tagCommit = str((await this.lookup(repo, ref.tag))?.sha);
      const mapping = mapRevision({ ...(oci ? { oci } : {}), ...(ref.tag ? { tag: ref.tag } : {}), ...(tagCommit ? { tagCommit } : {}), labels, annotations });
      images.push({ container: str(c.name) ?? 'unknown', image, ...(ref.digest ?? oci?.digest ? { digest: ref.digest ?? oci?.digest } : {}), ...mapping });
    }
    const best = images.reduce<ImageMapping | undefined>((b, i) => (!b || RANK[i.mapping_confidence] > RANK[b.mapping_confidence] || (!b.revision && i.revision) ? i : b), undefined);
    const mapping: RevisionMapping = best ? { ...(best.revision ? { revision: best.revision } : {}), mapping_confidence: best.mapping_confidence, mapping_source: best.mapping_source } : mapRevision({ labels, annotations });
    const repo = repository ?? this.commits?.defaultRepository;
    const commit = mapping.revision && isShaLike(mapping.revision) && this.commits && repo ? await this.lookup(repo, mapping.revision) : null;
    return { images, mapping, ...(commit ? { commit } : {}) };
  }

  private metadata(image: string): Promise<ImageMetadata | undefined> {
    let found = this.oci.get(image);
    if (!found) {
      found = this.registry!.imageMetadata(parseImageRef(image)).catch((err: unknown) => {
        this.errors.push(`${parseImageRef(image).registry}: ${err instanceof Error ? err.message : 'lookup failed'}`);
        return undefined;
      });
      this.oci.set(image, found);
    }
    return found;
  }

  private async lookup(repository: string, ref: string): Promise<Record<string, unknown> | null> {
    try {
      return await this.commits!.commit(repository, ref);
    } catch (err) {
      this.errors.push(`commit ${repository}@${ref.slice(0, 12)}: ${err instanceof Error ? err.message : 'lookup failed'}`);
      return null;
    }
  }
}
