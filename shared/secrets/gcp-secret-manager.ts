import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { SecretSource } from '../ports.js';
import { parseSecretRef, secretFailure, selectField } from './secret-ref.js';
import { importSdk } from '../lazy-sdk.js';

type ClientOptions = ConstructorParameters<typeof SecretManagerServiceClient>[0];

/** The two calls this source makes, so a test or a caller can hand in anything that has them. */
export type SecretManagerClient = Pick<SecretManagerServiceClient, 'accessSecretVersion' | 'getProjectId'>;

export interface GcpSecretManagerSourceOptions {
  /** A client built once per cold start; a default one is built lazily when absent. */
  client?: SecretManagerClient;
  /** Project for bare secret names; default: the client's (the function's) project. */
  projectId?: string;
  /** Settings for the default client only. */
  clientOptions?: ClientOptions;
}

/**
 * GCP Secret Manager: a ref is a bare secret id (latest version in the project), or a full
 * `projects/P/secrets/S[/versions/V]` name, optionally with `#field` for a JSON secret.
 */
export class GcpSecretManagerSource implements SecretSource {
  private client: Promise<SecretManagerClient> | undefined;
  private readonly options: GcpSecretManagerSourceOptions;

  constructor(options: GcpSecretManagerSourceOptions = {}) {
    this.options = options;
    if (options.client) this.client = Promise.resolve(options.client);
  }

  async get(ref: string): Promise<string> {
    const { name, field } = parseSecretRef(ref);
    if (!/^[A-Za-z0-9_-]+$/.test(name) && !/^projects\/[^/]+\/secrets\/[^/]+(\/versions\/[^/]+)?$/.test(name)) {
      throw secretFailure(ref, 'is not a Secret Manager secret id or resource name');
    }
    let value: string | undefined;
    try {
      const client = await this.secretClient();
      const resource = name.startsWith('projects/')
        ? name.includes('/versions/')
          ? name
          : `${name}/versions/latest`
        : `projects/${this.options.projectId ?? (await client.getProjectId())}/secrets/${name}/versions/latest`;
      const [response] = await client.accessSecretVersion({ name: resource });
      const data = response.payload?.data;
      value = data === null || data === undefined ? undefined : typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    } catch (cause) {
      // gRPC NOT_FOUND is 5; the REST transport reports 404.
      const code = (cause as { code?: unknown } | null)?.code;
      if (code === 5 || code === 404) throw secretFailure(ref, 'was not found in Secret Manager', cause);
      throw secretFailure(ref, 'could not be read from Secret Manager', cause);
    }
    if (value === undefined || value === '') throw secretFailure(ref, 'has no value in Secret Manager');
    return selectField(ref, value, field);
  }

  private secretClient(): Promise<SecretManagerClient> {
    this.client ??= importSdk(() => import('@google-cloud/secret-manager')).then(
      (sdk) => new sdk.SecretManagerServiceClient(this.options.clientOptions),
      (err: unknown) => {
        this.client = undefined;
        throw err;
      },
    );
    return this.client;
  }
}
