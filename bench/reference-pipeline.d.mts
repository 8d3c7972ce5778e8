/** Types of bench/reference-pipeline.mjs (kept in plain JS so anyone can run it with `node`). */
export interface ReferenceOptions {
  key?: string;
  source?: string;
  level?: number;
  memberBytes?: number;
  ingestedAt?: string;
}
export function referencePipeline(records: readonly string[], options?: ReferenceOptions): Buffer;
