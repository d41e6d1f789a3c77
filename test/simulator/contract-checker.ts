// Compares the simulator's own Swagger declarations, and JSON it actually sends, with the Asterisk
// 22.10.1 reference files in ../shared/ari-reference (read at test time, never copied).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiDeclaration } from '../../src/simulator/swagger-declarations/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const REFERENCE_DIR = path.resolve(repoRoot, '../shared/ari-reference');

interface RefParam {
  name: string;
  paramType: string;
  dataType: string;
  required?: boolean;
  allowMultiple?: boolean;
}
interface RefOperation {
  httpMethod: string;
  nickname: string;
  responseClass: string;
  parameters?: RefParam[];
}
interface RefModel {
  id: string;
  properties: Record<string, { type: string; required?: boolean }>;
  subTypes?: string[];
}
export interface RefDeclaration {
  apis: Array<{ path: string; operations: RefOperation[] }>;
  models?: Record<string, RefModel>;
}

export function loadReference(name: string): RefDeclaration {
  return JSON.parse(
    readFileSync(path.join(REFERENCE_DIR, 'api-docs', `${name}.json`), 'utf8'),
  ) as RefDeclaration;
}

export function loadResourceListing(): { apiVersion: string; apis: Array<{ path: string }> } {
  return JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'resources.json'), 'utf8'));
}

/** Every model of every reference declaration, by id. */
export function referenceModels(): Map<string, RefModel> {
  const out = new Map<string, RefModel>();
  for (const { path: p } of loadResourceListing().apis) {
    const name = /\/api-docs\/(\w+)\./.exec(p)?.[1] ?? '';
    for (const [id, m] of Object.entries(loadReference(name).models ?? {})) out.set(id, m);
  }
  return out;
}

/** Problems found, one readable line each; empty when the declarations match the reference. */
export function checkDeclarations(declarations: Readonly<Record<string, ApiDeclaration>>): string[] {
  const problems: string[] = [];
  const refNames = loadResourceListing().apis.map((a) => /\/api-docs\/(\w+)\./.exec(a.path)?.[1]);
  for (const [name, doc] of Object.entries(declarations)) {
    if (!refNames.includes(name)) {
      problems.push(`${name}: no such resource in the reference`);
      continue;
    }
    const ref = loadReference(name);
    for (const api of doc.apis) {
      const refApi = ref.apis.find((a) => a.path === api.path);
      if (!refApi) {
        problems.push(`${name}: path ${api.path} is not in the reference`);
        continue;
      }
      for (const op of api.operations) {
        const where = `${name}: ${op.httpMethod} ${api.path}`;
        const refOp = refApi.operations.find((o) => o.httpMethod === op.httpMethod);
        if (!refOp) {
          problems.push(`${where}: method not in the reference`);
          continue;
        }
        if (refOp.nickname !== op.nickname)
          problems.push(`${where}: nickname ${op.nickname} ≠ ${refOp.nickname}`);
        if (refOp.responseClass !== op.responseClass) {
          problems.push(`${where}: responseClass ${op.responseClass} ≠ ${refOp.responseClass}`);
        }
        for (const p of op.parameters) {
          const rp = refOp.parameters?.find((x) => x.name === p.name);
          if (!rp) {
            problems.push(`${where}: parameter ${p.name} is not in the reference`);
            continue;
          }
          for (const key of ['paramType', 'dataType'] as const) {
            if (rp[key] !== p[key])
              problems.push(`${where}: parameter ${p.name} ${key} ${p[key]} ≠ ${rp[key]}`);
          }
          if (Boolean(rp.required) !== p.required)
            problems.push(`${where}: parameter ${p.name} required differs`);
          if (Boolean(rp.allowMultiple) !== p.allowMultiple) {
            problems.push(`${where}: parameter ${p.name} allowMultiple differs`);
          }
        }
        for (const rp of refOp.parameters ?? []) {
          if (rp.required && !op.parameters.some((p) => p.name === rp.name)) {
            problems.push(`${where}: required parameter ${rp.name} is missing`);
          }
        }
      }
    }
    for (const [id, model] of Object.entries(doc.models)) {
      const refModel = ref.models?.[id];
      if (!refModel) {
        problems.push(`${name}: model ${id} is not in the reference`);
        continue;
      }
      if (model.id !== id) problems.push(`${name}: model ${id} has id ${model.id}`);
      for (const [prop, spec] of Object.entries(model.properties)) {
        const refProp = refModel.properties[prop];
        if (!refProp) problems.push(`${name}: model ${id} field ${prop} is not in the reference`);
        else {
          if (refProp.type !== spec.type)
            problems.push(`${name}: model ${id}.${prop} type ${spec.type} ≠ ${refProp.type}`);
          if (Boolean(refProp.required) !== Boolean(spec.required)) {
            problems.push(`${name}: model ${id}.${prop} required differs`);
          }
        }
      }
      for (const [prop, refProp] of Object.entries(refModel.properties)) {
        if (refProp.required && !(prop in model.properties)) {
          problems.push(`${name}: model ${id} lacks required field ${prop}`);
        }
      }
      for (const sub of model.subTypes ?? []) {
        if (!refModel.subTypes?.includes(sub))
          problems.push(`${name}: ${id} subtype ${sub} is not in the reference`);
      }
    }
  }
  return problems;
}

const PRIMITIVES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  Date: (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/.test(v),
  int: (v) => Number.isInteger(v),
  long: (v) => Number.isInteger(v) || v === null,
  double: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null,
};

/** Checks a JSON value the simulator sent against a reference model: fields, types, required ones. */
export function checkValue(
  models: Map<string, RefModel>,
  type: string,
  value: unknown,
  where: string,
  ignore: readonly string[] = [],
): string[] {
  const list = /^List\[(.+)\]$/.exec(type);
  if (list) {
    if (!Array.isArray(value)) return [`${where}: expected a list`];
    return value.flatMap((v, i) => checkValue(models, list[1] ?? '', v, `${where}[${i}]`));
  }
  const primitive = PRIMITIVES[type];
  if (primitive) return primitive(value) ? [] : [`${where}: ${JSON.stringify(value)} is not a ${type}`];
  const model = models.get(type);
  if (!model) return [`${where}: unknown model ${type}`];
  if (typeof value !== 'object' || value === null) return [`${where}: expected a ${type} object`];
  const problems: string[] = [];
  const obj = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(obj)) {
    if (ignore.includes(key)) continue;
    const spec = model.properties[key];
    if (!spec) problems.push(`${where}: field ${key} is not in model ${type}`);
    else problems.push(...checkValue(models, spec.type, v, `${where}.${key}`));
  }
  for (const [key, spec] of Object.entries(model.properties)) {
    if (spec.required && !(key in obj)) problems.push(`${where}: required field ${key} missing`);
  }
  return problems;
}

/** An event as sent: its own model plus the fields every Message/Event carries. */
export function checkEvent(models: Map<string, RefModel>, event: Record<string, unknown>): string[] {
  const type = String(event.type);
  const problems: string[] = [];
  if (!models.get('Event')?.subTypes?.includes(type))
    problems.push(`${type}: not an Event subtype in the reference`);
  for (const key of ['type', 'timestamp', 'application', 'asterisk_id']) {
    if (!(key in event)) problems.push(`${type}: common field ${key} missing`);
  }
  problems.push(...checkValue(models, 'Date', event.timestamp, `${type}.timestamp`));
  return [
    ...problems,
    ...checkValue(models, type, event, type, ['type', 'timestamp', 'application', 'asterisk_id']),
  ];
}
