import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSettingsSchema, HANDLER_NAMES } from '../../../../infra/aws/settings.js';
import { TelemetryBridgeStack } from '../../../../infra/aws/stack.js';

/** A placeholder build output (dist/aws/<handler>/index.mjs) so synth needs no bundling. */
export function placeholderDist(root: string): string {
  const dist = join(root, 'dist');
  for (const name of [...HANDLER_NAMES, 'http-ingest']) {
    mkdirSync(join(dist, 'aws', name), { recursive: true });
    writeFileSync(join(dist, 'aws', name, 'index.mjs'), 'export const handler = async () => ({});\n');
  }
  return dist;
}

export interface Synthesized {
  stack: TelemetryBridgeStack;
  template: Template;
  json: CfnTemplate;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string[];
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/** A workspace for one test file: temp dist + cdk.out folders, removed by `dispose`. */
export function workspace(): { root: string; dist: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'bridge-infra-aws-'));
  return { root, dist: placeholderDist(root), dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Synthesizes the stack from an `aws:` section; CloudFormation validation off unless asked. */
export function synth(root: string, dist: string, section: Record<string, unknown>, validate = false): Synthesized {
  const app = new App({ outdir: mkdtempSync(join(root, 'cdk.out-')), builtinCloudFormationValidation: validate });
  const stack = new TelemetryBridgeStack(app, 'Bridge', { settings: AwsSettingsSchema.parse(section), distDir: dist });
  const template = Template.fromStack(stack);
  return { stack, template, json: template.toJSON() as CfnTemplate };
}

export function resourcesOfType(json: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

export function actionsOf(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

/** Every identity-policy statement in the template (AWS::IAM::Policy and inline role policies). */
export function identityStatements(json: CfnTemplate): Array<{ id: string; statement: Statement }> {
  const out: Array<{ id: string; statement: Statement }> = [];
  for (const [id, r] of resourcesOfType(json, 'AWS::IAM::Policy')) {
    const doc = r.Properties?.PolicyDocument as { Statement: Statement[] };
    for (const statement of doc.Statement) out.push({ id, statement });
  }
  for (const [id, r] of resourcesOfType(json, 'AWS::IAM::Role')) {
    for (const p of (r.Properties?.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }> | undefined) ?? []) {
      for (const statement of p.PolicyDocument.Statement) out.push({ id, statement });
    }
  }
  return out;
}

/** The statements attached to the role of the function with this FunctionName. */
export function statementsOfFunction(json: CfnTemplate, functionName: string): Statement[] {
  const fn = resourcesOfType(json, 'AWS::Lambda::Function').find(([, r]) => r.Properties?.FunctionName === functionName);
  if (!fn) throw new Error(`no function named ${functionName}`);
  const roleRef = (fn[1].Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resourcesOfType(json, 'AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties?.Roles as Array<{ Ref: string }>).some((x) => x.Ref === roleRef))
    .flatMap(([, r]) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** `{ "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/raw/*"]] }` → "Bucket/raw/*" (readable ARN shapes). */
export function show(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  if (Array.isArray(resource)) return resource.map(show).join(',');
  if (resource && typeof resource === 'object') {
    const r = resource as Record<string, unknown>;
    if ('Fn::Join' in r) return ((r['Fn::Join'] as [string, unknown[]])[1]).map(show).join('');
    if ('Fn::GetAtt' in r) return (r['Fn::GetAtt'] as string[])[0]!;
    if ('Ref' in r) return `\${${String(r.Ref)}}`;
  }
  return JSON.stringify(resource);
}
