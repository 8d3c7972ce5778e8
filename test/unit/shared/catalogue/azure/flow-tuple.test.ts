import { describe, expect, it } from 'vitest';
import { parseFlowTuple } from '../../../../../shared/catalogue/azure/flow-tuple.js';
import { splitEndpoint } from '../../../../../shared/catalogue/azure/firewall-message.js';

describe('Network Watcher flow tuples', () => {
  it.each([
    ['an NSG v1 tuple', '1542110377,10.0.0.4,13.67.143.118,44931,443,T,O,A', 'nsg', { src_ip: '10.0.0.4', dst_port: 443, protocol: 'tcp', direction: 'outbound', decision: 'allow' }],
    ['an NSG v2 tuple with counters', '1542110379,10.0.0.4,10.0.0.5,59932,22,U,I,D,E,1,66,0,0', 'nsg', { protocol: 'udp', direction: 'inbound', decision: 'deny', flow_state: 'end', packets_src_to_dst: 1, bytes_src_to_dst: 66, bytes_dst_to_src: 0 }],
    ['an NSG v2 begin tuple without counters', '1542110379,10.0.0.4,10.0.0.5,59932,22,T,O,A,B,,,,', 'nsg', { flow_state: 'begin' }],
    ['a VNet v4 denied tuple', '1727776905300,203.0.113.1,10.0.0.4,42000,3389,6,I,D,NX,1,60,0,0', 'vnet', { protocol: '6', decision: 'deny', flow_state: 'denied', encryption: 'NX', packets_src_to_dst: 1 }],
    ['a VNet v4 allowed tuple', '1727776900100,10.0.0.4,198.51.100.1,50010,443,17,O,C,X_ENCRYPTED,2,200,2,300', 'vnet', { protocol: '17', decision: 'allow', flow_state: 'continuing', encryption: 'X_ENCRYPTED' }],
  ] as const)('reads %s', (_name, tuple, format, expected) => {
    const result = parseFlowTuple(tuple, format);
    if (!result.ok) throw new Error(result.reason);
    expect(result.fields).toMatchObject(expected);
    expect(result.unit).toBe(format === 'nsg' ? 's' : 'ms');
  });

  it.each([
    ['too few fields', '1542110379,10.0.0.4', 'nsg', 'has 2 fields, expected 8 or 13'],
    ['a v2-length tuple as v4 short', '1542110379,10.0.0.4,10.0.0.5,1,2,T,O,A', 'vnet', 'has 8 fields, expected 13'],
    ['a time that is not digits', 'x,10.0.0.4,10.0.0.5,1,2,T,O,A', 'nsg', 'time is not epoch digits'],
    ['counters that are not numbers', '1,10.0.0.4,10.0.0.5,1,2,T,O,A,E,a,b,c,d', 'nsg', 'packet/byte counters are not numbers'],
    ['a number instead of a string', 42, 'nsg', 'is not a string'],
  ] as const)('rejects %s', (_name, tuple, format, reason) => {
    expect(parseFlowTuple(tuple, format)).toEqual({ ok: false, reason });
  });
});

describe('endpoints', () => {
  it.each([
    ['10.0.0.4:1234', { host: '10.0.0.4', port: 1234 }],
    ['[2001:db8::1]:443', { host: '2001:db8::1', port: 443 }],
    ['[2001:db8::1]', { host: '2001:db8::1' }],
    ['2001:db8::1', { host: '2001:db8::1' }],
    ['example.com', { host: 'example.com' }],
  ])('splits %s', (token, expected) => {
    expect(splitEndpoint(token)).toEqual(expected);
  });
});
