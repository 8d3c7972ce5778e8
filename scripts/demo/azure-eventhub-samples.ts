import { at, isoFraction, jsonFile, type SampleFile, uuid } from './encode.js';
import { EMAIL, IP, JWT } from './fake-secrets.js';

const SUB = '0f1e2d3c-4b5a-4697-8877-665544332211';
const TENANT = 'aa11bb22-cc33-4d44-8e55-ff6677889900';
const CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** Azure writes 7 fractional digits. */
function azureTime(ms: number, tail = '4400000'): string {
  return isoFraction(ms, `${String(ms % 1000).padStart(3, '0')}${tail.slice(3)}`);
}

function activity(ms: number, operation: string, resourceId: string, caller: string, callerIp: string, outcome: 'Success' | 'Failure', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    time: azureTime(ms),
    resourceId,
    operationName: operation,
    category: 'Administrative',
    resultType: outcome,
    resultSignature: outcome === 'Success' ? 'Succeeded.OK' : 'Failed.Forbidden',
    durationMs: '812',
    callerIpAddress: callerIp,
    correlationId: uuid(`corr-${operation}-${ms}`),
    identity: {
      authorization: { scope: resourceId, action: operation.split('/').slice(0, 3).join('/'), evidence: { role: 'Contributor', roleAssignmentScope: `/subscriptions/${SUB}`, principalId: uuid(`pid-${caller}`), principalType: 'User' } },
      claims: {
        aud: 'https://management.core.windows.net/',
        iss: `https://sts.windows.net/${TENANT}/`,
        name: caller === EMAIL.admin ? 'Cloud Admin' : 'J. Smith',
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': caller,
        ipaddr: callerIp,
      },
    },
    level: outcome === 'Success' ? 'Information' : 'Error',
    location: 'global',
    properties: { statusCode: outcome === 'Success' ? 'OK' : 'Forbidden', eventCategory: 'Administrative', entity: resourceId, message: operation, hierarchy: `${TENANT}/${SUB}`, ...extra },
  };
}

function activityLog(): SampleFile {
  const kv = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-PROD-DEMO`;
  const vm = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-BASTION-01`;
  const ra = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/${uuid('ra').toUpperCase()}`;
  const messages = [
    {
      records: [
        activity(at(9, 23, 7, 120), 'MICROSOFT.KEYVAULT/VAULTS/WRITE', kv, EMAIL.admin, IP.office, 'Success'),
        activity(at(9, 23, 9, 480), 'MICROSOFT.COMPUTE/VIRTUALMACHINES/START/ACTION', vm, EMAIL.admin, IP.office, 'Success'),
      ],
    },
    {
      records: [
        activity(at(9, 23, 30, 10), 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', ra, EMAIL.contoso, IP.vpn, 'Failure', {
          statusMessage: JSON.stringify({ error: { code: 'AuthorizationFailed', message: `The client '${EMAIL.contoso}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write'.` } }),
        }),
      ],
    },
  ];
  return jsonFile('azure/eventhub/insights-activity-logs/activity-log.json', messages);
}

function firewallRecord(ms: number, category: string, msg: string): Record<string, unknown> {
  return {
    category,
    time: azureTime(ms, '2300000'),
    resourceId: `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG-HUB/PROVIDERS/MICROSOFT.NETWORK/AZUREFIREWALLS/FW-HUB`,
    operationName: `${category}Log`,
    properties: { msg },
  };
}

function firewall(): SampleFile {
  const fwId = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/RG-HUB/PROVIDERS/MICROSOFT.NETWORK/AZUREFIREWALLS/FW-HUB`;
  const messages: unknown[] = [
    {
      records: [
        firewallRecord(at(9, 24, 10, 440), 'AzureFirewallNetworkRule', `TCP request from ${IP.fwClientA}:51234 to ${IP.rdpTarget}:3389. Action: Deny. `),
        firewallRecord(at(9, 24, 11, 90), 'AzureFirewallApplicationRule', `HTTPS request from ${IP.fwClientB}:50112 to login.example.com:443. Action: Allow. Rule Collection: rc-allow-web. Rule: allow-login`),
        firewallRecord(at(9, 24, 12, 700), 'AzureFirewallNetworkRule', `UDP request from ${IP.fwClientB}:53011 to ${IP.natPeer}:53. Action: Allow. `),
      ],
    },
    {
      records: [
        {
          time: azureTime(at(9, 24, 20, 310), '1190000'),
          resourceId: fwId,
          category: 'AZFWNetworkRule',
          operationName: 'AZFWNetworkRule',
          properties: {
            Protocol: 'TCP',
            SourceIp: IP.fwClientC,
            SourcePort: 49152,
            DestinationIp: IP.sshTarget,
            DestinationPort: 22,
            Action: 'Deny',
            Policy: 'fw-policy-hub',
            RuleCollectionGroup: 'DefaultNetworkRuleCollectionGroup',
            RuleCollection: 'deny-ssh',
            Rule: 'deny-ssh-internet',
            ActionReason: '',
          },
        },
      ],
    },
    // Hostile: a producer wrote a body that is not JSON; the host hands it over as a string.
    `{"records":[{"time":"2026-11-21T09:24:31.0000000Z","category":"AzureFirewallNetworkRule","properties":{"msg":"TCP request from ${IP.fwClientD}:40400 to ${IP.smbTarget}:445. Action: Deny`,
  ];
  return jsonFile('azure/eventhub/insights-logs-azurefirewall/firewall.json', messages);
}

function signIn(ms: number, upn: string, ip: string, errorCode: number, reason: string, app: string): Record<string, unknown> {
  const id = uuid(`signin-${ms}`);
  return {
    time: azureTime(ms, '2960000'),
    resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
    operationName: 'Sign-in activity',
    operationVersion: '1.0',
    category: 'SignInLogs',
    tenantId: TENANT,
    resultType: String(errorCode),
    resultSignature: 'None',
    resultDescription: reason,
    durationMs: 0,
    callerIpAddress: ip,
    correlationId: uuid(`signin-corr-${ms}`),
    identity: upn === EMAIL.contoso ? 'J. Smith' : 'Cloud Admin',
    Level: 4,
    location: 'NL',
    properties: {
      id,
      createdDateTime: `${new Date(ms).toISOString().slice(0, 19)}.2960000+00:00`,
      userDisplayName: upn === EMAIL.contoso ? 'J. Smith' : 'Cloud Admin',
      userPrincipalName: upn,
      userId: uuid(`user-${upn}`),
      appId: uuid(`app-${app}`),
      appDisplayName: app,
      ipAddress: ip,
      status: errorCode === 0 ? { errorCode: 0 } : { errorCode, failureReason: reason },
      clientAppUsed: 'Browser',
      userAgent: CHROME,
      conditionalAccessStatus: errorCode === 0 ? 'success' : 'notApplied',
      isInteractive: true,
      riskLevelDuringSignIn: errorCode === 0 ? 'none' : 'medium',
      location: { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL' },
      authenticationDetails: [{ authenticationMethod: 'Password', succeeded: errorCode === 0, authenticationStepResultDetail: errorCode === 0 ? 'Correct password' : 'Invalid username or password' }],
      // Some tenants forward the original token request for debugging; it must not survive.
      ...(errorCode === 0 ? { originalRequestId: id, processingDetails: [{ key: 'Token', value: `Bearer ${JWT.partner}` }] } : {}),
    },
  };
}

function signInLogs(): SampleFile {
  const bad = 'Error validating credentials due to invalid username or password.';
  const messages = [
    {
      records: [
        signIn(at(9, 25, 41, 10), EMAIL.contoso, IP.signinAttacker, 50126, bad, 'Azure Portal'),
        signIn(at(9, 25, 43, 220), EMAIL.contoso, IP.signinAttacker, 50126, bad, 'Azure Portal'),
        signIn(at(9, 25, 47, 530), EMAIL.contoso, IP.signinAttacker, 50053, 'Account is locked because user tried to sign in too many times with an incorrect user ID or password.', 'Azure Portal'),
        signIn(at(9, 26, 2, 900), EMAIL.admin, IP.office, 0, '', 'Microsoft Azure CLI'),
      ],
    },
  ];
  return jsonFile('azure/eventhub/insights-logs-signinlogs/signin-logs.json', messages);
}

export function eventHubSamples(): SampleFile[] {
  return [activityLog(), firewall(), signInLogs()];
}
