// Loads the config folder (layout: notes/config-layout.md) into one CagriConfig, or returns every
// problem found, each as `file:line:col: message`. Nothing is half-loaded: any error → no config.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { NO_UNITS, UnitsFileSchema } from '../appeals/units-config.ts';
import { type HolidayFile, HolidayFileSchema, HoursFileSchema } from '../calendar/hours-config.ts';
import { CallbacksFileSchema } from '../callbacks/policy/callback-config.ts';
import { urgentReachErrors } from '../escalation/urgent-reach-check.ts';
import { type AnyMenuNode, MenuFileSchema } from '../menu/menu-config.ts';
import { nodePrompts, servicePrompts } from '../menu/menu-prompts.ts';
import { type MenuSource, validateMenus } from '../menu/menu-validator.ts';
import { QueuesFileSchema } from '../queue/queue-config.ts';
import type { CagriConfig } from './cagri-config.ts';
import { type ConfigError, limitConfigErrors, sortConfigErrors } from './config-error.ts';
import { ConfigFolderReader } from './config-folder-reader.ts';
import { queueZoneErrors } from './queue-zones.ts';
import { ServicesFileSchema } from './services-config.ts';
import { missingSoundFiles } from './sound-files.ts';
import { type Parsed, parseYaml, type YamlSource } from './yaml-file.ts';
import { locate, rawKeys } from './yaml-positions.ts';

export type { ConfigError } from './config-error.ts';

export type LoadResult = { ok: true; config: CagriConfig } | { ok: false; errors: ConfigError[] };

export interface LoadOptions {
  /** Check that every prompt file exists in this folder (Asterisk's sounds directory). */
  soundsDir?: string;
}

/** Option maps are checked by the menu validator (a clash there is a digit bound twice). */
const isOptionsMap = (path: readonly PropertyKey[]) =>
  path.length === 3 && path[0] === 'nodes' && path[2] === 'options';

export async function loadConfig(dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const errors: ConfigError[] = [];
  const sources = new Map<string, YamlSource>();
  // Every file goes through the guarded reader: regular files inside the folder, sizes capped.
  const folder = new ConfigFolderReader(dir);
  const reader = (file: string) => folder.read(file);
  const yamlFilesIn = async (subdir: string) => {
    const listed = await folder.yamlFiles(subdir);
    if (listed.error) errors.push(listed.error);
    return listed.names;
  };
  const done = (): LoadResult => ({ ok: false, errors: limitConfigErrors(sortConfigErrors(errors), dir) });
  const take = <T>(r: Parsed<T>): T | undefined => {
    if (r.source) sources.set(r.source.file, r.source);
    if (!r.ok) {
      errors.push(...r.errors);
      return undefined;
    }
    return r.value;
  };

  const servicesFile = join(dir, 'services.yaml');
  const services = take(await parseYaml(servicesFile, ServicesFileSchema, undefined, reader));
  const queuesFile = join(dir, 'queues.yaml');
  const queues = take(await parseYaml(queuesFile, QueuesFileSchema, undefined, reader));
  const hoursFile = join(dir, 'hours.yaml');
  const hours = take(await parseYaml(hoursFile, HoursFileSchema, undefined, reader));
  const callbacks = take(
    await parseYaml(join(dir, 'callbacks.yaml'), CallbacksFileSchema, undefined, reader),
  );

  // units.yaml is optional: a folder without it has no units to forward appeals to.
  const unitsFile = join(dir, 'units.yaml');
  const unitsRead = await parseYaml(unitsFile, UnitsFileSchema, undefined, reader);
  const unitsMissing = !unitsRead.ok && unitsRead.errors.every((e) => e.message === 'file not found');
  const units = unitsMissing ? NO_UNITS : take(unitsRead);

  const menuNames = await yamlFilesIn('menus');
  if (menuNames.length === 0 && errors.every((e) => e.file !== join(dir, 'menus'))) {
    errors.push({ file: join(dir, 'menus'), line: 1, col: 1, message: 'no menu files (menus/*.yaml) found' });
  }
  const menus: MenuSource[] = [];
  let menusOk = true;
  for (const name of menuNames) {
    const file = join(dir, 'menus', name);
    const r = await parseYaml(file, MenuFileSchema, isOptionsMap, reader);
    const value = take(r);
    if (!value || !r.source) {
      menusOk = false;
      continue;
    }
    const source = r.source;
    const rawOptionKeys = Object.fromEntries(
      Object.keys(value.nodes).map((id) => [id, rawKeys(source.doc, ['nodes', id, 'options'])]),
    );
    menus.push({ file, nodes: value.nodes, rawOptionKeys });
  }

  const holidays: HolidayFile[] = [];
  for (const name of await yamlFilesIn('holidays')) {
    const value = take(await parseYaml(join(dir, 'holidays', name), HolidayFileSchema, undefined, reader));
    if (value) holidays.push(value);
  }

  if (!services || !queues || !hours || !callbacks || !units || !menusOk || errors.length > 0) return done();

  const locator = (file: string, path: readonly (string | number)[], on?: 'key' | 'value') => {
    const s = sources.get(file);
    return s ? locate(s.doc, s.lc, path, on) : { line: 1, col: 1 };
  };

  // Profiles that close on holidays need that country's holiday files.
  const countries = new Set(holidays.map((h) => h.country));
  for (const [id, profile] of Object.entries(hours.profiles)) {
    if ('weekly' in profile && profile.holidays && !countries.has(profile.holidays)) {
      errors.push({
        file: hoursFile,
        ...locator(hoursFile, ['profiles', id, 'holidays']),
        message: `profiles.${id}.holidays: no holidays/${profile.holidays}-<year>.yaml file in the folder`,
      });
    }
  }

  let sounds: { dir: string; missing: ReadonlySet<string> } | undefined;
  if (opts.soundsDir) {
    const names = [
      ...services.services.flatMap((s, i) => servicePrompts(i, s)),
      ...menus.flatMap((m) => Object.entries(m.nodes).flatMap(([id, n]) => nodePrompts(id, n))),
    ].flatMap((at) => Object.values(at.prompt).map((p) => p.file));
    sounds = { dir: opts.soundsDir, missing: await missingSoundFiles(opts.soundsDir, names) };
  }

  errors.push(
    ...validateMenus(
      {
        servicesFile,
        services: services.services,
        menus,
        queueIds: new Set(queues.queues.map((q) => q.id)),
        hoursProfiles: new Set(Object.keys(hours.profiles)),
        ...(sounds ? { sounds } : {}),
      },
      locator,
    ),
  );
  // Urgent actions must reach a person; a queue's weekly cap needs one time zone.
  errors.push(...urgentReachErrors({ services: services.services, menus, queues, queuesFile }, locator));
  errors.push(
    ...queueZoneErrors({ services: services.services, hours, queues, servicesFile, queuesFile }, locator),
  );
  if (errors.length > 0) return done();

  const tree: Record<string, AnyMenuNode> = {};
  for (const m of menus) Object.assign(tree, m.nodes);
  const config: CagriConfig = {
    version: versionOf([...sources.values()], dir),
    dir,
    services: services.services,
    menus: Object.freeze(tree),
    queues,
    hours,
    holidays,
    callbacks,
    units,
  };
  return { ok: true, config: deepFreeze(config) };
}

/** Same files, same bytes → same version, whatever the folder is called. */
function versionOf(sources: readonly YamlSource[], dir: string): string {
  const h = createHash('sha256');
  for (const s of [...sources].sort((a, b) => a.file.localeCompare(b.file))) {
    h.update(s.file.slice(dir.length)).update('\0').update(s.text).update('\0');
  }
  return h.digest('hex').slice(0, 12);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
