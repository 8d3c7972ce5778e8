import { describe, expect, it } from 'vitest';
import { vpcflow } from '../../../../shared/parse/vpcflow.js';
import { deepFreeze, fixtureRecords, textRecord } from './fixtures.js';

const records = fixtureRecords('vpcflow', 'default-v2');
const custom = fixtureRecords('vpcflow', 'custom-v5');

describe('the vpcflow parser', () => {
  it.each([
    [0, { action: 'ACCEPT', src_addr: '10.0.1.25', dst_port: 443, protocol: 6, protocol_name: 'TCP', bytes: 3408, packets: 12, log_status: 'OK' }],
    [1, { action: 'REJECT', src_addr: '203.0.113.12', src_port: 51514, dst_port: 22 }],
    [2, { action: 'ACCEPT', protocol: 17, protocol_name: 'UDP', dst_port: 53 }],
    [3, { log_status: 'NODATA', interface_id: 'eni-0a1b2c3d4e5f60718' }],
    [4, { log_status: 'SKIPDATA', interface_id: 'eni-0f9e8d7c6b5a43210' }],
  ])('reads default v2 line %i', (index, expected) => {
    const result = vpcflow.parse(deepFreeze(records[index]!));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.parsed.sourceType).toBe('vpcflow');
    expect(result.parsed.fields).toMatchObject({ version: 2, account_id: '123456789012', ...expected });
    expect(result.parsed.time).toBe(index === 2 ? 1717236010 : 1717236000);
  });

  it("leaves '-' fields out instead of keeping the dash", () => {
    const result = vpcflow.parse(records[3]!);
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).not.toHaveProperty('action');
    expect(result.parsed.fields).not.toHaveProperty('src_addr');
    expect(result.parsed.fields).not.toHaveProperty('bytes');
  });

  it('reads a custom format using the field names in meta.header', () => {
    const result = vpcflow.parse(custom[0]!);
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).toMatchObject({
      version: 5,
      vpc_id: 'vpc-0abc1234def567890',
      instance_id: 'i-0123456789abcdef0',
      pkt_src_addr: '198.51.100.7',
      dst_port: 3389,
      tcp_flags: 2,
      region: 'eu-west-1',
      flow_direction: 'ingress',
      action: 'REJECT',
    });
    expect(result.parsed.fields).not.toHaveProperty('traffic_path');
  });

  it('accepts a ${field} format string as the header', () => {
    const result = vpcflow.parse(textRecord('2 eni-1 10.0.0.1 10.0.0.2 REJECT', { meta: { header: '${version} ${interface-id} ${srcaddr} ${dstaddr} ${action}' } }));
    expect(result).toMatchObject({ ok: true, parsed: { fields: { interface_id: 'eni-1', src_addr: '10.0.0.1', action: 'REJECT' } } });
  });

  it.each([
    ['too few fields', '2 123456789012 eni-1 10.0.0.1', /has 4 fields, expected 14/],
    ['a non-numeric port', '2 123456789012 eni-1 10.0.0.1 10.0.0.2 http 443 6 1 1 1717236000 1717236060 ACCEPT OK', /"srcport" is not a number/],
    ['an unknown action', '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 443 6 1 1 1717236000 1717236060 DROP OK', /action/],
    ['the header line itself', 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status', /header line/],
  ])('rejects %s with a reason', (_name, line, reason) => {
    const result = vpcflow.parse(textRecord(line));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    ['a default-format line', true, records[0]!, undefined],
    ['any text with the vpcflow hint', true, textRecord('whatever'), 'vpcflow'],
    ['a line under a flow-log header', true, custom[0]!, undefined],
    ['a JSON record', false, textRecord('{"action":"REJECT"}'), 'vpcflow'],
    ['a plain log line', false, textRecord('2024-06-01 something happened'), undefined],
  ])('claims %s: %s', (_name, expected, record, hint) => {
    expect(vpcflow.matches(record, hint)).toBe(expected);
  });
});
