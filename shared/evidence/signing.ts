import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { EvidenceManifest, EvidenceSignature, SignatureAlgorithm } from './manifest.js';

export interface SigningKey {
  keyId: string;
  algorithm: SignatureAlgorithm;
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** The algorithm a private key implies: RSA → RSA-SHA256, Ed25519 → Ed25519; anything else is refused. */
export function algorithmOf(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RSA-SHA256';
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  throw new Error(`unsupported signing key type ${key.asymmetricKeyType ?? 'unknown'} (use RSA or Ed25519)`);
}

/** Key id: the first 16 hex of the SHA-256 of the public key (SPKI DER), unless configured. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** A signing key from PEM text (PKCS#8 or PKCS#1). The PEM is never logged or echoed in errors. */
export function signingKeyFromPem(pem: string, keyId?: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error('the evidence signing key is not a valid PEM private key');
  }
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyId ?? keyIdOf(publicKey),
    algorithm: algorithmOf(privateKey),
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A new key pair as PEM (dev keys; tests). RSA 3072 by default. */
export function generateSigningKeyPem(algorithm: SignatureAlgorithm = 'RSA-SHA256'): { privateKeyPem: string; publicKeyPem: string } {
  const pair =
    algorithm === 'Ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('rsa', { modulusLength: 3072 });
  return {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function signManifest(manifest: EvidenceManifest, key: SigningKey): EvidenceSignature {
  const data = Buffer.from(canonicalJson(manifest));
  const signature = sign(key.algorithm === 'Ed25519' ? null : 'sha256', data, key.privateKey).toString('base64');
  return { bundle_id: manifest.bundle_id, key_id: key.keyId, algorithm: key.algorithm, signature };
}

export function verifyManifestSignature(manifest: EvidenceManifest, signature: EvidenceSignature, publicKeyPem: string): boolean {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
  } catch {
    return false;
  }
  const expected = publicKey.asymmetricKeyType === 'ed25519' ? 'Ed25519' : publicKey.asymmetricKeyType === 'rsa' ? 'RSA-SHA256' : undefined;
  if (expected !== signature.algorithm) return false;
  try {
    return verify(
      signature.algorithm === 'Ed25519' ? null : 'sha256',
      Buffer.from(canonicalJson(manifest)),
      publicKey,
      Buffer.from(signature.signature, 'base64'),
    );
  } catch {
    return false;
  }
}
