import { LogAnalyticsSavedSearch } from '@cdktf/provider-azurerm/lib/log-analytics-saved-search/index.js';
import { Construct } from 'constructs';

export interface QueryTablesProps {
  workspaceId: string;
  /** The Sentinel sink's custom table (sinks.sentinel.stream_name without `Custom-`). */
  table?: string;
}

/**
 * `bridge query` at any size on Azure, the documented Log Analytics path: the Sentinel sink lands
 * the same events in a custom table; these workspace functions give them the lake's names
 * (`TelemetryBridgeEvents`, with `dt`/`hour` like the partitions), so the
 * KQL that `bridge query --print-sql adx` prints runs as is. An Azure Data Explorer external
 * table over the blob container is the alternative for data that never goes to Sentinel
 * (docs/query.md); it needs a Kusto cluster, which this stack does not create.
 */
export class QueryTables extends Construct {
  constructor(scope: Construct, id: string, props: QueryTablesProps) {
    super(scope, id);
    const table = props.table ?? 'TelemetryBridge_CL';
    new LogAnalyticsSavedSearch(this, 'Events', {
      logAnalyticsWorkspaceId: props.workspaceId,
      name: 'TelemetryBridgeEvents',
      category: 'Telemetry Bridge',
      displayName: 'Telemetry Bridge events',
      functionAlias: 'TelemetryBridgeEvents',
      query: `${table} | extend timestamp = todatetime(column_ifexists('timestamp', TimeGenerated)) | extend dt = startofday(timestamp), hour = format_datetime(timestamp, 'HH')`,
    });
  }
}
