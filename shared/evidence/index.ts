export * from './canonical.js';
export * from './manifest.js';
export * from './signing.js';
export { buildEvidenceBundle, type BuildBundleDeps, type BuiltBundle, type EvidenceRequest } from './build.js';
export { verifyEvidenceBundle, type VerifyCheck, type VerifyFinding, type VerifyInput, type VerifyResult } from './verify.js';
export { loadSigningKey } from './keys.js';
