import type { LogType } from '../types.js';
import { audit } from './audit.js';
import { cloudDns } from './cloud-dns.js';
import { cloudSql } from './cloud-sql.js';
import { gcpLog } from './log-entry-fallback.js';
import { gkeAudit } from './gke-audit.js';
import { cloudArmor, httpLb } from './http-lb.js';
import { gcpFirewall, gcpNlbFlow, gcpVpcflow } from './network.js';
import { cloudFunctions, cloudRun } from './serverless.js';

/**
 * GCP log types (Pub/Sub log sinks: one LogEntry per message). Unique log ids are record keys;
 * the rest are candidates of every Pub/Sub delivery, tested in this order (GKE before the other
 * audit logs, Cloud Armor before plain load balancer requests, `gcp_log` last).
 */
export const GCP_LOG_TYPES: readonly LogType[] = [gkeAudit, audit, cloudDns, gcpVpcflow, gcpFirewall, gcpNlbFlow, cloudArmor, httpLb, cloudFunctions, cloudRun, cloudSql, gcpLog];
