import { describe, expect, it } from 'vitest';
import { normalizeFixture } from './helpers.js';

const events = normalizeFixture('vpcflow', 'default-v2', { meta: { region: 'eu-west-1' } });
const custom = normalizeFixture('vpcflow', 'custom-v5');

describe('the vpcflow normalizer', () => {
  it.each([
    [0, 'INFO', 'ACCEPT', 'ACCEPT TCP 10.0.1.25:49152 -> 10.0.2.40:443'],
    [1, 'LOW', 'REJECT', 'REJECT TCP 203.0.113.12:51514 -> 10.0.1.25:22'],
    [2, 'INFO', 'ACCEPT', 'ACCEPT UDP 10.0.1.25:53211 -> 10.0.0.2:53'],
    [3, 'INFO', undefined, 'VPC flow log NODATA on eni-0a1b2c3d4e5f60718'],
    [4, 'LOW', undefined, 'VPC flow log SKIPDATA on eni-0f9e8d7c6b5a43210'],
  ])('maps record %i to severity %s with action %s', (index, severity, action, title) => {
    const event = events[index]!;
    expect(event.source_type).toBe('vpcflow');
    expect(event.severity).toBe(severity);
    expect(event.attributes.action).toBe(action);
    expect(event.title).toBe(title);
  });

  it('takes the flow start (epoch seconds) as the event time', () => {
    expect(events[0]!.timestamp).toBe('2024-06-01T10:00:00.000Z');
    expect(events[2]!.timestamp).toBe('2024-06-01T10:00:10.000Z');
  });

  it('names the interface as resource and asset', () => {
    expect(events[1]).toMatchObject({
      resource: { cloud: 'aws', account: '123456789012', region: 'eu-west-1', service: 'vpc', id: 'eni-0a1b2c3d4e5f60718' },
      asset: 'eni-0a1b2c3d4e5f60718',
    });
  });

  it('keeps custom-format fields and the record region', () => {
    expect(custom[0]).toMatchObject({ severity: 'LOW', resource: { region: 'eu-west-1' }, attributes: { action: 'REJECT', vpc_id: 'vpc-0abc1234def567890', flow_direction: 'ingress' } });
  });

  it('keeps the original line as raw_data', () => {
    expect(events[1]!.raw_data).toBe('2 123456789012 eni-0a1b2c3d4e5f60718 203.0.113.12 10.0.1.25 51514 22 6 3 180 1717236000 1717236060 REJECT OK');
  });
});
