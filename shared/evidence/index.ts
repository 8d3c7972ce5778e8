export * from './canonical.js';
export * from './manifest.js';
export * from './signing.js';
export { buildEvidenceBundle, evidenceBundleId, type BuildBundleDeps, type BuiltBundle, type EvidenceRequest } from './build.js';
export { verifyEvidenceBundle, type VerifyCheck, type VerifyFinding, type VerifyInput, type VerifyResult } from './verify.js';
export { loadSigningKey } from './keys.js';
export { checkEvidenceWindow, DEFAULT_EVIDENCE_BOUNDS, EvidenceNotFoundError, EvidenceRequestError, windowPrefixes, type EvidenceBounds } from './bounds.js';
export { callerKey, evidenceCaller, EvidenceCallerV1, type EvidenceCaller } from './caller.js';
export { createCallerRateLimiter, type CallerRateLimiter, type RateDecision } from './rate-limit.js';
