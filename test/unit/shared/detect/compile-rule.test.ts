import { describe, expect, it } from 'vitest';
import { compileRuleTexts } from '../../../../shared/detect/load-rules.js';
import { cloudTrailRaw, draft } from './drafts.js';

function rule(detection: string, logsource = 'logsource:\n  product: aws\n  service: cloudtrail') {
  const text = `title: t\nid: r1\n${logsource}\ndetection:\n${detection}\nlevel: high\n`;
  return compileRuleTexts([{ name: 'r1.yml', text }]).detections[0]!;
}

const ct = (eventName: string, extra: Record<string, unknown> = {}, attributes: Record<string, unknown> = {}) =>
  draft({ raw_data: cloudTrailRaw(eventName, extra), attributes: { event_name: eventName, ...attributes } });

describe('Sigma detection rules in the stream', () => {
  it('matches the vendor field names in the record, case-insensitively, and names the matched fields', () => {
    const r = rule('  sel:\n    eventSource: CloudTrail.amazonaws.com\n    eventName:\n      - StopLogging\n      - DeleteTrail\n  condition: sel');
    expect(r.match(ct('StopLogging'))).toEqual(['eventName', 'eventSource']);
    expect(r.match(ct('DeleteTrail'))).not.toBeNull();
    expect(r.match(ct('StartLogging'))).toBeNull();
  });

  it('applies the logsource: a CloudTrail rule never matches another source type', () => {
    const r = rule('  sel:\n    eventName: StopLogging\n  condition: sel');
    expect(r.match({ ...ct('StopLogging'), source_type: 'activity' })).toBeNull();
  });

  it.each([
    ['contains', "userIdentity.arn|contains: ':user/dev-'", true],
    ['startswith', 'eventName|startswith: stop', true],
    ['endswith', 'eventName|endswith: Logging', true],
    ['wildcard', "eventName: 'Stop*ing'", true],
    ['re', "eventName|re: '^Stop[A-Z]'", true],
    ['re is case-sensitive', "eventName|re: '^stop'", false],
    ['cidr on the source address', 'sourceIPAddress|cidr: 198.51.100.0/24', true],
    ['cidr outside', 'sourceIPAddress|cidr: 10.0.0.0/8', false],
    ['gt on a number', 'attributes.bytes|gt: 100', true],
    ['lte on a number', 'attributes.bytes|lte: 100', false],
    ['exists', 'userIdentity.userName|exists: true', true],
    ['exists false', 'requestParameters|exists: false', true],
    ['neq', 'eventName|neq: ConsoleLogin', true],
    ['all', "userIdentity.arn|contains|all:\n      - 'arn:aws'\n      - dev-alice", true],
    ['all fails on one', "userIdentity.arn|contains|all:\n      - 'arn:aws'\n      - bob", false],
    ['common field name (source.ip)', 'source.ip|cidr: 198.51.100.0/24', true],
    ['null means absent', 'errorCode: null', true],
  ])('modifier %s', (_name, line, expected) => {
    const r = rule(`  sel:\n    ${line}\n  condition: sel`);
    const event = ct('StopLogging', {}, { bytes: 4249, source_ip: '198.51.100.7' });
    expect(r.match(event) !== null).toBe(expected);
  });

  it.each([
    ['sel and not filter', false],
    ['sel or filter', true],
    ['1 of sel*', true],
    ['all of sel*', false],
    ['all of them', false],
    ['(sel or other) and not filter', false],
    ['not filter', false],
    ['sel and not other', true],
  ])('condition %s', (condition, expected) => {
    const r = rule(`  sel:\n    eventName: StopLogging\n  sel_other:\n    eventName: DeleteTrail\n  other:\n    eventName: DeleteTrail\n  filter:\n    userIdentity.userName: dev-alice\n  condition: ${condition}`);
    expect(r.match(ct('StopLogging')) !== null).toBe(expected);
  });

  it('compares two fields with |fieldref (an access key created for another user)', () => {
    const r = rule('  sel:\n    eventName: CreateAccessKey\n  same:\n    requestParameters.userName|fieldref: userIdentity.userName\n  condition: sel and not same');
    expect(r.match(ct('CreateAccessKey', { requestParameters: { userName: 'ops-bob' } }))).not.toBeNull();
    expect(r.match(ct('CreateAccessKey', { requestParameters: { userName: 'dev-alice' } }))).toBeNull();
  });

  it('resolves a Log Analytics column name against the diagnostic record (ResultType → resultType, properties.*)', () => {
    const r = rule('  sel:\n    ResultType: 50126\n    AppDisplayName: Azure Portal\n  condition: sel', 'logsource:\n  product: azure\n  service: signinlogs');
    const event = draft({ source: 'azure.eventhub', source_type: 'signin', resource: { cloud: 'azure' }, raw_data: { resultType: '50126', properties: { appDisplayName: 'Azure Portal' } } });
    expect(r.match(event)).toEqual(['AppDisplayName', 'ResultType']);
  });

  it('matches keywords against the record text', () => {
    const r = rule("  keywords:\n    - 'sqlmap'\n  condition: keywords", 'logsource:\n  product: aws\n  service: waf');
    expect(r.match(draft({ source_type: 'waf', raw_data: { httpRequest: { headers: [{ name: 'User-Agent', value: 'sqlmap/1.8' }] } } }))).not.toBeNull();
  });
});

describe('rules the engine refuses at load, naming the file and the field', () => {
  it.each([
    ['an unknown modifier', '  sel:\n    eventName|base64: x\n  condition: sel', /r1\.yml at detection\.sel\.eventName\|base64: modifier \|base64 is not supported/],
    ['a condition naming no selection', '  sel:\n    eventName: x\n  condition: sel and missing', /at detection\.condition: condition names "missing"/],
    ['an aggregation', '  sel:\n    eventName: x\n  condition: sel | count() > 5', /at detection\.condition: aggregation/],
    ['a bad cidr', '  sel:\n    sourceIPAddress|cidr: 10.0.0.0/99\n  condition: sel', /at detection\.sel\.sourceIPAddress\|cidr: \|cidr needs an address range/],
    ['a bad regex', "  sel:\n    eventName|re: '('\n  condition: sel", /at detection\.sel\.eventName\|re: \|re pattern does not compile/],
    ['combined kinds', '  sel:\n    eventName|contains|startswith: x\n  condition: sel', /cannot be combined/],
  ])('%s', (_name, detection, message) => {
    expect(() => rule(detection)).toThrow(message);
  });

  it('an unknown logsource service', () => {
    expect(() => rule('  sel:\n    a: b\n  condition: sel', 'logsource:\n  product: aws\n  service: nosuch')).toThrow(/r1\.yml at logsource\.service: service "nosuch" of product "aws" is not known/);
  });

  it('a correlation naming a rule that is not loaded', () => {
    const text = 'title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [nope]\n  timespan: 5m\n  condition: {gte: 3}\n';
    expect(() => compileRuleTexts([{ name: 'c.yml', text }])).toThrow(/c\.yml at correlation\.rules\[0\]: no loaded rule has the id or name "nope"/);
  });

  it('a value_count without the field it counts', () => {
    const base = 'title: b\nid: b1\nname: base\nlogsource: {product: aws, service: cloudtrail}\ndetection: {sel: {eventName: x}, condition: sel}\n---\n';
    const text = `${base}title: c\nid: c1\ncorrelation:\n  type: value_count\n  rules: [base]\n  timespan: 5m\n  condition: {gte: 3}\n`;
    expect(() => compileRuleTexts([{ name: 'c.yml', text }])).toThrow(/c\.yml at correlation\.condition\.field/);
  });
});
