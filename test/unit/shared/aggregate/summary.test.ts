import { describe, expect, it } from 'vitest';
import { DEFAULT_SUMMARY_RULES } from '../../../../shared/config/index.js';
import { percentile, SummaryAccumulator } from '../../../../shared/aggregate/index.js';
import { sampleEvent } from '../../../helpers/events.js';

describe('percentile', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95],
  ])('nearest-rank p95 of %j is %j', (values, expected) => {
    expect(percentile(values, 0.95)).toBe(expected);
  });
});

describe('SummaryAccumulator', () => {
  it('counts config-defined rules over the common fields (flat dotted keys) and the p95 latency', () => {
    const acc = new SummaryAccumulator(DEFAULT_SUMMARY_RULES);
    acc.add(sampleEvent({ source_type: 'waf', attributes: { action: 'BLOCK', 'event.type': 'denied' }, timestamp: '2026-11-24T10:00:00.000Z' }));
    acc.add(sampleEvent({ source_type: 'waf', attributes: { action: 'block', 'event.type': 'DENIED' }, timestamp: '2026-11-24T09:00:00.000Z' }));
    acc.add(sampleEvent({ source_type: 'waf', attributes: { action: 'ALLOW', 'event.type': 'allowed' } }));
    acc.add(sampleEvent({ source_type: 'vpcflow', attributes: { action: 'REJECT', 'event.type': 'denied' } }));
    acc.add(sampleEvent({ source_type: 'gcp_firewall', attributes: { 'event.type': 'denied' } }));
    acc.add(sampleEvent({ source_type: 'guardduty', attributes: { 'finding.severity': 'HIGH' } }));
    acc.add(sampleEvent({ source_type: 'audit', attributes: { outcome: 'denied' } }));
    for (let i = 1; i <= 20; i++) acc.add(sampleEvent({ source_type: 'http_lb', attributes: { latency_ms: i * 10 } }));
    const s = acc.result('aws.cloudwatch', 'k')!;
    expect(s.alerts).toEqual([
      { rule: 'waf-blocks', count: 2 },
      { rule: 'vpc-rejects', count: 1 },
      { rule: 'firewall-denies', count: 4 },
      { rule: 'audit-permission-denied', count: 1 },
      { rule: 'findings-high', count: 1 },
    ]);
    expect(s.latency_ms_p95).toBe(190);
    expect(s.window).toEqual({ start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T10:00:00.000Z' });
    expect(s.event_count).toBe(27);
  });

  it('has no summary for an empty batch and null p95 without latencies', () => {
    const acc = new SummaryAccumulator(DEFAULT_SUMMARY_RULES);
    expect(acc.result('aws.s3', 'k')).toBeUndefined();
    acc.add(sampleEvent());
    expect(acc.result('aws.s3', 'k')!.latency_ms_p95).toBeNull();
  });
});
