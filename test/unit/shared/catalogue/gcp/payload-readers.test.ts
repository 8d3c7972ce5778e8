import { describe, expect, it } from 'vitest';
import { dnsAnswers } from '../../../../../shared/catalogue/gcp/cloud-dns.js';
import { cloudSql } from '../../../../../shared/catalogue/gcp/cloud-sql.js';
import { valueRecord } from '../../parse/fixtures.js';
import { contextFor } from '../type-runner.js';

describe('Cloud DNS rdata', () => {
  it.each([
    ['two A answers', 'a.example.\t300\tIN\ta\t192.0.2.1\na.example.\t300\tIN\ta\t192.0.2.2', ['192.0.2.1', '192.0.2.2']],
    ['a CNAME chain with a truncated last line', 'a.example.\t60\tIN\tcname\tb.example.\nb.example.\t60\tIN\ta\t192.0.2.3\nb.example.\t60\tIN\ta\t19...', ['b.example.', '192.0.2.3']],
    ['nothing', '', undefined],
  ])('reads %s', (_name, rdata, expected) => {
    expect(dnsAnswers(rdata)).toEqual(expected);
  });
});

describe('Cloud SQL lines', () => {
  const entry = (log: string, textPayload: string) =>
    valueRecord({ logName: `projects/p/logs/cloudsql.googleapis.com%2F${log}`, resource: { type: 'cloudsql_database', labels: { project_id: 'p', database_id: 'p:db-1', region: 'europe-west1' } }, textPayload, timestamp: '2024-06-18T02:00:00Z' });

  it.each([
    ['a PostgreSQL line', 'postgres.log', '2024-06-18 02:00:00.123 UTC [4242]: [1-1] db=orders,user=app LOG:  connection authorized: user=app database=orders', { engine: 'postgres', pid: 4242, database: 'orders', db_user: 'app', db_level: 'LOG', message: 'connection authorized: user=app database=orders' }],
    ['a MySQL error-log line', 'mysql.err', '2024-06-18T02:00:00.123456Z 12 [Warning] [MY-010055] [Server] IP address could not be resolved', { engine: 'mysql', thread_id: 12, db_level: 'WARNING', error_code: 'MY-010055', subsystem: 'Server' }],
    ['a SQL Server login failure', 'sqlserver.err', "2024-06-18 02:00:00.67 Logon       Login failed for user 'sa'.", { engine: 'sqlserver', process: 'Logon', auth_failure: true }],
  ])('reads %s', (_name, log, text, expected) => {
    const record = entry(log, text);
    expect(cloudSql.matches(record, contextFor(cloudSql))).toBe(true);
    const result = cloudSql.parse(record, contextFor(cloudSql));
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).toMatchObject(expected);
  });

  it('leaves Cloud SQL audit entries to the audit type', () => {
    expect(cloudSql.matches(valueRecord({ logName: 'projects/p/logs/cloudaudit.googleapis.com%2Factivity', resource: { type: 'cloudsql_database' } }), contextFor(cloudSql))).toBe(false);
  });
});
