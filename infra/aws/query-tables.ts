import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SOURCES } from '../../shared/schema/bronze-event.js';
import { ALERT_COLUMNS, EVENT_COLUMNS, type QueryColumn } from '../query-schema.js';

export interface QueryTablesProps {
  bucket: s3.IBucket;
  /** Glue database and Athena workgroup names start with this. */
  namePrefix: string;
  /** Athena refuses a query that would scan more than this (the cloud twin of bridge query's fetch cap). */
  bytesScannedCutoffPerQuery?: number;
}

const JSON_SERDE = { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'true' } };

function glueType(c: QueryColumn): string {
  return c.type === 'number' ? 'bigint' : c.type === 'strings' ? 'array<string>' : 'string';
}

/**
 * `bridge query` at any size on AWS: a Glue database with the `events` table over raw/ (JSON
 * lines, gzip, partition projection on source / dt / hour, so no crawler and no MSCK REPAIR) and
 * `alerts` over alerts/, plus an Athena workgroup with a scan cutoff and encrypted results.
 */
export class QueryTables extends Construct {
  readonly database: glue.CfnDatabase;
  readonly workgroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: QueryTablesProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const databaseName = `${props.namePrefix.replace(/-/g, '_')}_lake`;
    this.database = new glue.CfnDatabase(this, 'Database', { catalogId: account, databaseInput: { name: databaseName, description: 'Telemetry Bridge lake (bridge query --print-sql athena)' } });
    const lake = `s3://${props.bucket.bucketName}`;
    const table = (name: string, prefix: string, columns: readonly QueryColumn[], partitions: Array<{ name: string; type: string }>, projection: Record<string, string>) => {
      const t = new glue.CfnTable(this, `${name[0]!.toUpperCase()}${name.slice(1)}Table`, {
        catalogId: account,
        databaseName,
        tableInput: {
          name,
          tableType: 'EXTERNAL_TABLE',
          parameters: { classification: 'json', compressionType: 'gzip', 'projection.enabled': 'true', ...projection },
          partitionKeys: partitions,
          storageDescriptor: {
            location: `${lake}/${prefix}`,
            inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            serdeInfo: JSON_SERDE,
            columns: columns.map((c) => ({ name: c.name, type: glueType(c) })),
          },
        },
      });
      t.addResourceDependency(this.database);
      return t;
    };
    table('events', 'raw/', EVENT_COLUMNS, [{ name: 'source', type: 'string' }, { name: 'dt', type: 'string' }, { name: 'hour', type: 'string' }], {
      'projection.source.type': 'enum',
      'projection.source.values': SOURCES.join(','),
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': 'NOW-400DAYS,NOW+1DAYS',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template': `${lake}/raw/source=\${source}/dt=\${dt}/hour=\${hour}/`,
    });
    table('alerts', 'alerts/', ALERT_COLUMNS, [{ name: 'dt', type: 'string' }], {
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': 'NOW-400DAYS,NOW+1DAYS',
      'storage.location.template': `${lake}/alerts/dt=\${dt}/`,
    });
    this.workgroup = new athena.CfnWorkGroup(this, 'Workgroup', {
      name: `${props.namePrefix}-query`,
      description: 'Telemetry Bridge lake queries',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 100 * 1024 ** 3,
        resultConfiguration: { outputLocation: `${lake}/athena-results/`, encryptionConfiguration: { encryptionOption: 'SSE_S3' } },
      },
    });
  }
}
