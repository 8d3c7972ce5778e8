import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset/index.js';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table/index.js';
import { Construct } from 'constructs';
import { ALERT_COLUMNS, EVENT_COLUMNS, type QueryColumn } from '../query-schema.js';

export interface QueryTablesProps {
  bucketName: string;
  /** BigQuery location (the bucket's region). */
  location: string;
  namePrefix: string;
}

function schema(columns: readonly QueryColumn[]): string {
  return JSON.stringify(
    columns.map((c) => (c.type === 'strings' ? { name: c.name, type: 'STRING', mode: 'REPEATED' } : { name: c.name, type: c.type === 'number' ? 'INT64' : c.name === 'attributes' || c.name === 'raw_data' || c.name === 'resource' || c.name === 'redactions' || c.name === 'group' ? 'JSON' : 'STRING', mode: 'NULLABLE' })),
  );
}

/**
 * `bridge query` at any size on GCP: a dataset with BigQuery external tables over the bucket's
 * raw/ (gzipped JSON lines, hive partitioning source / dt / hour, partition filter required so a
 * query always names its window) and alerts/.
 */
export class QueryTables extends Construct {
  readonly dataset: BigqueryDataset;

  constructor(scope: Construct, id: string, props: QueryTablesProps) {
    super(scope, id);
    const datasetId = `${props.namePrefix.replace(/-/g, '_')}_lake`;
    this.dataset = new BigqueryDataset(this, 'Dataset', { datasetId, location: props.location, description: 'Telemetry Bridge lake (bridge query --print-sql bigquery)', deleteContentsOnDestroy: false });
    const lake = `gs://${props.bucketName}`;
    new BigqueryTable(this, 'Events', {
      datasetId: this.dataset.datasetId,
      tableId: 'events',
      deletionProtection: false,
      schema: schema(EVENT_COLUMNS),
      externalDataConfiguration: {
        autodetect: false,
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        compression: 'GZIP',
        ignoreUnknownValues: true,
        sourceUris: [`${lake}/raw/*`],
        hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: `${lake}/raw/{source:STRING}/{dt:DATE}/{hour:STRING}`, requirePartitionFilter: true },
      },
    });
    new BigqueryTable(this, 'Alerts', {
      datasetId: this.dataset.datasetId,
      tableId: 'alerts',
      deletionProtection: false,
      schema: schema(ALERT_COLUMNS),
      externalDataConfiguration: {
        autodetect: false,
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        ignoreUnknownValues: true,
        sourceUris: [`${lake}/alerts/*`],
        hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: `${lake}/alerts/{dt:DATE}` },
      },
    });
  }
}
