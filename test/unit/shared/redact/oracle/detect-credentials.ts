/**
 * Test-only oracle: the AWS secret-key scan as it was before the run-driven scan (see
 * scanner-oracle.test.ts). Only the changed detector is frozen here; the rest is the live code.
 */
import { isMixedBase64 } from '../../../../../shared/redact/detect-credentials.js';
import type { TextMatch } from '../../../../../shared/redact/match.js';

const SECRET_NEAR = /[Ss][Ee][Cc][Rr][Ee][Tt]|A[KS]IA[A-Z0-9]{16}/g;
const B64_40 = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const NEAR = 160;

/** A 40-character mixed-case base64 token within 160 characters after `secret` or an access key id. */
export function findAwsSecretKeys(text: string, out: TextMatch[]): void {
  const anchors: number[] = [];
  SECRET_NEAR.lastIndex = 0;
  for (let m = SECRET_NEAR.exec(text); m !== null; m = SECRET_NEAR.exec(text)) anchors.push(m.index + m[0].length);
  if (anchors.length === 0) return;
  B64_40.lastIndex = 0;
  let k = 0;
  for (let m = B64_40.exec(text); m !== null; m = B64_40.exec(text)) {
    const start = m.index;
    while (k + 1 < anchors.length && anchors[k + 1]! <= start) k++;
    const anchor = anchors[k]!;
    if (anchor > start || start - anchor > NEAR) continue;
    if (isMixedBase64(m[0])) out.push({ rule: 'aws_secret_key', start, end: start + 40 });
  }
}
