import { buildEvent, httpStatusSeverity, int, str, type LogType } from '../module-kit.js';
import { azureResource, azureTime, parseDiagnostic, resourceLogRouting } from './diagnostic.js';
import { httpCommonFields } from './http-request.js';

const CATEGORIES = ['AppServiceHTTPLogs'];

/** App Service HTTP logs (W3C-style request log of a web app, as resource-log records). */
export const appserviceHttp: LogType = {
  type: 'appservice_http',
  cloud: 'azure',
  title: 'Azure App Service HTTP log (AppServiceHTTPLogs)',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `AppServiceHTTPLogs`',
  fields: ['cs_host', 'c_ip', 'cs_method', 'cs_uri_stem', 'cs_uri_query', 'sc_status', 'sc_substatus', 'time_taken_ms', 'result', 'cs_bytes', 'sc_bytes', 'computer_name'],
  commonFields: ['source.ip', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms', 'user.name'],
  parse: (record) =>
    parseDiagnostic(
      'appservice_http',
      record,
      (e, p) => {
        return {
          resource_id: str(e.resourceId),
          cs_host: str(p.CsHost),
          c_ip: str(p.CIp),
          s_port: int(p.SPort),
          cs_method: str(p.CsMethod)?.toUpperCase(),
          cs_uri_stem: str(p.CsUriStem),
          cs_uri_query: str(p.CsUriQuery),
          sc_status: int(p.ScStatus),
          sc_substatus: int(p.ScSubStatus),
          sc_win32_status: int(p.ScWin32Status),
          time_taken_ms: int(p.TimeTaken),
          result: str(p.Result),
          cs_bytes: int(p.CsBytes),
          sc_bytes: int(p.ScBytes),
          user_agent: str(p.UserAgent),
          cs_username: str(p.CsUsername),
          referer: str(p.Referer),
          protocol: str(p.Protocol),
          computer_name: str(p.ComputerName),
          stamp: str(e.EventStampName),
        };
      },
      { timeOf: (e, p) => azureTime(e) ?? e.EventTime },
    ),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const status = int(f.sc_status);
    const { resource, rid } = azureResource(f.resource_id);
    return buildEvent('appservice_http', parsedRecord, ctx, {
      severity: httpStatusSeverity(status),
      title: `${str(f.cs_method) ?? ''} ${str(f.cs_host) ?? ''}${str(f.cs_uri_stem) ?? ''} ${status ?? ''}${f.time_taken_ms === undefined ? '' : ` (${String(f.time_taken_ms)} ms)`}`,
      resource,
      asset: rid?.id,
      attributes: [f, httpCommonFields({ method: f.cs_method, status, path: f.cs_uri_stem, host: f.cs_host, userAgent: f.user_agent, clientIp: f.c_ip, latencyMs: int(f.time_taken_ms) }), (str(f.cs_username) === undefined ? {} : { 'user.name': str(f.cs_username) })],
    });
  },
};
