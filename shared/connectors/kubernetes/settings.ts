import * as z from 'zod';
import { baseUrl, CollectSettings, duration, HttpSettings, secretRef } from '../settings.js';

export const K8S_DATA_TYPES = ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'configmaps', 'secrets', 'events'] as const;
export type K8sDataType = (typeof K8S_DATA_TYPES)[number];

const repository = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name');

export const KubernetesSettings = z.strictObject({
  ...CollectSettings.shape,
  ...HttpSettings,
  page_size: z.number().int().min(1).max(5_000).default(500),
  /** The cluster's id in service keys: `<cluster_id>/<namespace>/<service>`. */
  cluster_id: z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/, 'must be letters, digits, _, . or -'),
  /** in_cluster: the pod's ServiceAccount (token re-read, so rotation works); token: base_url + token_secret_ref; kubeconfig: a kubeconfig file. */
  auth: z.enum(['in_cluster', 'token', 'kubeconfig']).default('in_cluster'),
  /** The API server; in_cluster defaults to https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT. */
  base_url: baseUrl.optional(),
  token_secret_ref: secretRef.optional(),
  service_account_dir: z.string().min(1).default('/var/run/secrets/kubernetes.io/serviceaccount'),
  kubeconfig_path: z.string().min(1).optional(),
  context: z.string().min(1).optional(),
  ca_file: z.string().min(1).optional(),
  /** Namespaces, each a scope with its own cursor; default: all namespaces (scope `all-namespaces`). */
  namespaces: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)).min(1).optional(),
  data_types: z.array(z.enum(K8S_DATA_TYPES)).min(1).default([...K8S_DATA_TYPES]),
  /** Secrets are read as metadata only; true also lists their key names (values dropped on receipt, never stored, logged or hashed). */
  secret_key_names: z.boolean().default(false),
  /** Key for the keyed hashes of ConfigMap values (a change shows as a new hash); without it, no hashes are stored. */
  value_hash_key_secret_ref: secretRef.optional(),
  /** After listing, watch for changes this long (the server's timeoutSeconds; keep it under the function's timeout); 0 = list only. */
  watch: duration.default(0),
  /** Registries to read OCI labels from, by host; only these are contacted. */
  registries: z
    .record(
      z.string().regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'must be a registry host[:port]'),
      z.strictObject({ username: z.string().min(1).optional(), password_secret_ref: secretRef.optional(), insecure_http: z.boolean().default(false) }),
    )
    .default({}),
  /** Confirm SHA-like image tags and link deploys to commits through the GitHub API (token or App). */
  commit_lookup: z
    .strictObject({
      base_url: baseUrl,
      /** The repository when the workload does not name one (annotation `telemetry-bridge.io/repository`). */
      repository: repository.optional(),
      token_secret_ref: secretRef.optional(),
      app: z.strictObject({ app_id: z.string().regex(/^\w+$/), installation_id: z.number().int().positive(), private_key_secret_ref: secretRef }).optional(),
    })
    .refine((c) => c.token_secret_ref !== undefined || c.app !== undefined, 'set token_secret_ref or app')
    .optional(),
}).superRefine((s, ctx) => {
  if (s.auth === 'token' && (!s.base_url || !s.token_secret_ref)) ctx.addIssue({ code: 'custom', path: ['token_secret_ref'], message: 'auth token needs base_url and token_secret_ref' });
  if (s.auth === 'kubeconfig' && !s.kubeconfig_path) ctx.addIssue({ code: 'custom', path: ['kubeconfig_path'], message: 'auth kubeconfig needs kubeconfig_path' });
});
export type KubernetesSettings = z.infer<typeof KubernetesSettings>;
