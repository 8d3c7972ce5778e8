import type { LogType } from '../types.js';
import { activity } from './activity.js';
import { aksAudit } from './aks-audit.js';
import { appgwAccess, appgwWaf } from './appgw.js';
import { appserviceHttp } from './appservice.js';
import { entraAudit } from './entra-audit.js';
import { eventhubOperational } from './eventhub-operational.js';
import { firewall } from './firewall.js';
import { frontdoorAccess, frontdoorWaf } from './frontdoor.js';
import { keyvaultAudit } from './keyvault.js';
import { nsgFlow } from './nsg-flow.js';
import { signin } from './signin.js';
import { storage } from './storage.js';
import { vnetFlow } from './vnet-flow.js';

/**
 * Azure log types. Event Hubs records are routed by their diagnostic `category` (record keys), so
 * a hub carrying several categories needs no per-record guessing.
 */
export const AZURE_LOG_TYPES: readonly LogType[] = [
  firewall,
  signin,
  entraAudit,
  keyvaultAudit,
  appgwAccess,
  appgwWaf,
  frontdoorAccess,
  frontdoorWaf,
  appserviceHttp,
  storage,
  nsgFlow,
  vnetFlow,
  aksAudit,
  eventhubOperational,
  activity,
];
