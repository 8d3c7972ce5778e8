import { describe, expect, it } from 'vitest';
import { printSql } from '../../../../shared/query/print-sql.js';

const SQL = "select attributes->>'event_name' as action, count(*) n from events group by 1";
const WINDOW = { since: '2026-11-21T00:00:00.000Z', until: '2026-11-22T00:00:00.000Z', sourceType: 'cloudtrail' };

describe('bridge query --print-sql', () => {
  it('Athena: the Glue table, json_extract_scalar, partition predicates on dt', () => {
    const out = printSql('athena', SQL, WINDOW);
    expect(out).toContain("json_extract_scalar(attributes, '$.event_name')");
    expect(out).toContain("from (SELECT * FROM telemetry_bridge_lake.events WHERE dt >= '2026-11-21' AND \"timestamp\" >= '2026-11-21T00:00:00.000Z' AND dt <= '2026-11-22'");
    expect(out).toContain("source_type = 'cloudtrail'");
  });

  it('BigQuery: JSON_VALUE and DATE partition predicates', () => {
    const out = printSql('bigquery', SQL, WINDOW);
    expect(out).toContain("JSON_VALUE(attributes, '$.event_name')");
    expect(out).toContain("dt >= DATE '2026-11-21'");
  });

  it('ADX: KQL window filters over the external table, the SQL as a comment', () => {
    const out = printSql('adx', SQL, WINDOW);
    expect(out.split('\n')[1]).toBe("external_table('TelemetryBridgeEvents')");
    expect(out).toContain("| where source_type == 'cloudtrail'");
    expect(out).toContain(`//   ${SQL}`);
  });
});
