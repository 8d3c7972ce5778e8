import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BridgeConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { Logger, SecretSource } from '../ports.js';
import { devKey } from '../dev-keys.js';
import { generateSigningKeyPem, signingKeyFromPem, type SigningKey } from './signing.js';

/**
 * The evidence signing key: from the secret store (`evidence.signing_key_secret_ref`), or locally a
 * dev key generated on first run (with a warning and its public key written beside it).
 */
export async function loadSigningKey(
  config: BridgeConfig['evidence'],
  deps: { secrets: SecretSource; logger: Logger; devKeyDir?: string },
): Promise<SigningKey> {
  if (config.signing_key_secret_ref) {
    const key = signingKeyFromPem(await deps.secrets.get(config.signing_key_secret_ref), config.key_id);
    if (key.algorithm !== config.algorithm) {
      throw new ConfigError(`invalid config at evidence.algorithm: the signing key is ${key.algorithm}, config says ${config.algorithm}`);
    }
    return key;
  }
  if (!deps.devKeyDir) {
    throw new ConfigError('invalid config at evidence.signing_key_secret_ref: required outside local runs');
  }
  const file = config.algorithm === 'Ed25519' ? 'evidence-ed25519.pem' : 'evidence-rsa.pem';
  const pem = await devKey(deps.devKeyDir, file, () => generateSigningKeyPem(config.algorithm).privateKeyPem);
  const key = signingKeyFromPem(pem, config.key_id ?? undefined);
  await writeFile(join(deps.devKeyDir, file.replace('.pem', '.pub.pem')), key.publicKeyPem);
  deps.logger.warn('signing evidence with a local dev key; set evidence.signing_key_secret_ref for real evidence', {
    key_id: key.keyId,
    public_key: join(deps.devKeyDir, file.replace('.pem', '.pub.pem')),
  });
  return key;
}
