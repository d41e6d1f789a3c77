// Semantic checks on the parsed config, beyond what the schemas can say: references that lead
// nowhere, nodes nobody reaches or nobody leaves, keys bound twice, 0 taken by a node, prompts
// missing in a language the service offers, prompt files missing from the sounds folder.
// Pure: positions come from the injected `locate`, and the file-existence answers are passed in.
import type { ConfigError } from '../config/config-error.ts';
import type { ServiceConfig } from '../config/services-config.ts';
import { type AnyMenuNode, type MenuAction, OPERATOR_KEY } from './menu-config.ts';
import { nodeActions, nodePrompts, type PromptAt, servicePrompts } from './menu-prompts.ts';

export type Locator = (
  file: string,
  path: readonly (string | number)[],
  on?: 'key' | 'value',
) => { line: number; col: number };

export interface MenuSource {
  file: string;
  nodes: Readonly<Record<string, AnyMenuNode>>;
  /** Option keys of each node as written, duplicates included (`1` and `"1"` are the same key). */
  rawOptionKeys: Readonly<Record<string, string[]>>;
}

export interface ValidationInput {
  servicesFile: string;
  services: readonly ServiceConfig[];
  menus: readonly MenuSource[];
  queueIds: ReadonlySet<string>;
  hoursProfiles: ReadonlySet<string>;
  /** When a sounds folder was given: the prompt files not found in it, and the folder's name. */
  sounds?: { dir: string; missing: ReadonlySet<string> };
}

/** Actions that take the caller out of the menu tree (to a person, a booking, the end). */
const EXITS = new Set<MenuAction['action']>(['operator', 'callback', 'urgent', 'goodbye', 'refer']);

export function validateMenus(input: ValidationInput, locate: Locator): ConfigError[] {
  const errors: ConfigError[] = [];
  const err = (file: string, path: readonly (string | number)[], message: string, on?: 'key' | 'value') =>
    errors.push({ file, ...locate(file, path, on), message });

  // Node ids are global: where each is defined.
  const nodes = new Map<string, { file: string; node: AnyMenuNode }>();
  for (const src of input.menus) {
    for (const [id, node] of Object.entries(src.nodes)) {
      const first = nodes.get(id);
      if (first) err(src.file, ['nodes', id], `node "${id}" is already defined in ${first.file}`, 'key');
      else nodes.set(id, { file: src.file, node });
    }
  }
  const known = [...nodes.keys()].sort();
  const unknownNode = (id: string) => `unknown node "${id}" (known nodes: ${known.join(', ')})`;

  // Services and what they refer to.
  const sf = input.servicesFile;
  const seenIds = new Map<string, number>();
  const seenNumbers = new Map<string, number>();
  input.services.forEach((s, i) => {
    if (seenIds.has(s.id)) err(sf, ['services', i, 'id'], `service id "${s.id}" is used twice`);
    if (seenNumbers.has(s.number))
      err(sf, ['services', i, 'number'], `number ${s.number} is used by two services`);
    seenIds.set(s.id, i);
    seenNumbers.set(s.number, i);
    if (!nodes.has(s.menu)) err(sf, ['services', i, 'menu'], unknownNode(s.menu));
    if (s.afterHoursMenu && !nodes.has(s.afterHoursMenu)) {
      err(sf, ['services', i, 'afterHoursMenu'], unknownNode(s.afterHoursMenu));
    }
    if (!input.queueIds.has(s.queue)) {
      err(
        sf,
        ['services', i, 'queue'],
        `unknown queue "${s.queue}" (queues.yaml has: ${[...input.queueIds].join(', ')})`,
      );
    }
    if (!input.hoursProfiles.has(s.hours)) {
      err(
        sf,
        ['services', i, 'hours'],
        `unknown hours profile "${s.hours}" (hours.yaml has: ${[...input.hoursProfiles].join(', ')})`,
      );
    }
  });

  // Per node: 0, clashes, references, shape.
  for (const src of input.menus) {
    for (const [id, node] of Object.entries(src.nodes)) {
      const keys = src.rawOptionKeys[id] ?? [];
      const seen = new Set<string>();
      for (const key of keys) {
        if (seen.has(key)) {
          err(src.file, ['nodes', id, 'options', key], `key ${key} is bound twice in node "${id}"`, 'key');
        }
        seen.add(key);
      }
      if (keys.includes(OPERATOR_KEY)) {
        err(
          src.file,
          ['nodes', id, 'options', OPERATOR_KEY],
          `key 0 is reserved: it connects to an operator from every node of the service (the callback offer after hours); choose another key`,
          'key',
        );
      }
      for (const { path, action } of nodeActions(id, node)) {
        if (action.action === 'goto' && !nodes.has(action.node))
          err(src.file, [...path, 'node'], unknownNode(action.node));
        if (action.action === 'appeal-status' && node.kind !== 'input')
          err(
            src.file,
            [...path, 'action'],
            'appeal-status reads the number the caller keys: use it as the `next` of an input node',
          );
      }
      if (node.kind === 'input' && node.minDigits > node.maxDigits) {
        err(
          src.file,
          ['nodes', id, 'minDigits'],
          `minDigits (${node.minDigits}) exceeds maxDigits (${node.maxDigits})`,
        );
      }
    }
  }

  // Reachability from the services' roots, and which nodes can lead out of the menu.
  const reachable = reach(nodes, input.services.flatMap(rootsOf));
  for (const [id, { file }] of nodes) {
    if (!reachable.has(id)) {
      err(file, ['nodes', id], `node "${id}" is unreachable: no service root or goto leads to it`, 'key');
    }
  }
  const leaves = canLeave(nodes);
  for (const [id, { file, node }] of nodes) {
    if (!reachable.has(id) || leaves.has(id)) continue;
    const why =
      node.kind === 'menu' && Object.keys(node.options).length === 0
        ? 'it has no options'
        : 'no option leads on to an operator, a callback, urgent, goodbye or a referral';
    err(
      file,
      ['nodes', id],
      `node "${id}" is a dead end: ${why} (only 0 or hanging up gets the caller out)`,
      'key',
    );
  }

  // Languages: every prompt a service can play, in each language the service declares.
  const missingLang = (
    file: string,
    at: PromptAt,
    langs: readonly string[],
    owner: string,
    service: string,
  ) => {
    const missing = langs.filter((l) => !Object.hasOwn(at.prompt, l));
    if (missing.length > 0) {
      err(
        file,
        at.path,
        `${owner}: prompt has no ${missing.map((l) => `"${l}"`).join(', ')} version (service "${service}" offers ${langs.join(', ')})`,
      );
    }
  };
  input.services.forEach((s, i) => {
    for (const at of servicePrompts(i, s))
      missingLang(sf, at, s.languages, `prompt "${at.path.at(-1)}"`, s.id);
    const mine = reach(nodes, rootsOf(s));
    for (const id of mine) {
      const entry = nodes.get(id);
      if (!entry) continue;
      for (const at of nodePrompts(id, entry.node))
        missingLang(entry.file, at, s.languages, `node "${id}"`, s.id);
      for (const { path, action } of nodeActions(id, entry.node)) {
        if (action.action === 'language' && !s.languages.includes(action.language)) {
          err(
            entry.file,
            [...path, 'language'],
            `language "${action.language}" is not offered by service "${s.id}" (${s.languages.join(', ')})`,
          );
        }
      }
    }
  });

  // Sound files (the loader looked them up on disk).
  if (input.sounds) {
    const { dir, missing } = input.sounds;
    const check = (file: string, at: PromptAt) => {
      for (const [lang, p] of Object.entries(at.prompt)) {
        if (missing.has(p.file))
          err(file, [...at.path, lang, 'file'], `sound file "${p.file}" not found in ${dir}`);
      }
    };
    input.services.forEach((s, i) => {
      for (const at of servicePrompts(i, s)) check(sf, at);
    });
    for (const [id, { file, node }] of nodes) for (const at of nodePrompts(id, node)) check(file, at);
  }
  return errors;
}

/** The nodes a service's calls start at (live hours, after hours). */
function rootsOf(s: ServiceConfig): string[] {
  return s.afterHoursMenu ? [s.menu, s.afterHoursMenu] : [s.menu];
}

function actionsOf(node: AnyMenuNode): MenuAction[] {
  return node.kind === 'input' ? [node.next] : Object.values(node.options);
}

function edges(node: AnyMenuNode): string[] {
  return actionsOf(node).flatMap((a) => (a.action === 'goto' ? [a.node] : []));
}

function reach(nodes: ReadonlyMap<string, { node: AnyMenuNode }>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = roots.filter((r) => nodes.has(r));
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of edges(nodes.get(id)!.node)) if (nodes.has(next) && !seen.has(next)) todo.push(next);
  }
  return seen;
}

/** Nodes from which an exit action is reachable by gotos, or by `back` to a node that can leave. */
function canLeave(nodes: ReadonlyMap<string, { node: AnyMenuNode }>): Set<string> {
  const parents = new Map<string, string[]>();
  for (const [id, { node }] of nodes) {
    for (const child of edges(node)) parents.set(child, [...(parents.get(child) ?? []), id]);
  }
  const ok = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, { node }] of nodes) {
      if (ok.has(id)) continue;
      const leaves = actionsOf(node).some(
        (a) =>
          EXITS.has(a.action) ||
          (a.action === 'goto' && ok.has(a.node)) ||
          // The status lookup returns to the node before, as `back` does.
          ((a.action === 'back' || a.action === 'appeal-status') &&
            (parents.get(id) ?? []).some((p) => ok.has(p))),
      );
      if (leaves) {
        ok.add(id);
        changed = true;
      }
    }
  }
  return ok;
}
