// `cagri check`: an urgent action must reach someone. Pure (no I/O): for every service, the menu
// nodes reachable from its roots are walked; an `urgent` action there whose service's queue has
// no escalation ladder (nobody is rung when no operator answers, e.g. at night) is an error.
import type { ConfigError } from '../config/config-error.ts';
import type { ServiceConfig } from '../config/services-config.ts';
import type { AnyMenuNode, MenuAction } from '../menu/menu-config.ts';
import type { QueuesFile } from '../queue/queue-config.ts';

export interface UrgentReachInput {
  services: readonly ServiceConfig[];
  menus: ReadonlyArray<{ file: string; nodes: Readonly<Record<string, AnyMenuNode>> }>;
  queues: QueuesFile;
  queuesFile: string;
}

type Locate = (file: string, path: readonly (string | number)[]) => { line: number; col: number };

interface Found {
  file: string;
  path: (string | number)[];
}

export function urgentReachErrors(input: UrgentReachInput, locate: Locate): ConfigError[] {
  const where = new Map<string, { file: string; node: AnyMenuNode }>();
  for (const m of input.menus)
    for (const [id, node] of Object.entries(m.nodes)) where.set(id, { file: m.file, node });
  const errors: ConfigError[] = [];
  const reported = new Set<string>();
  for (const service of input.services) {
    const queue = input.queues.queues.find((q) => q.id === service.queue);
    if (!queue || (queue.urgent?.ladder.length ?? 0) > 0) continue;
    for (const found of urgentActions([service.menu, service.afterHoursMenu ?? service.menu], where)) {
      const key = `${found.file}\0${found.path.join('.')}`;
      if (reported.has(key)) continue;
      reported.add(key);
      errors.push({
        file: found.file,
        ...locate(found.file, found.path),
        message:
          `urgent action with no one to reach: queue "${queue.id}" of service "${service.id}" has no ` +
          `urgent.ladder (or dutyEndpoint) in ${input.queuesFile}; add the duty phones and supervisors to ring`,
      });
    }
  }
  return errors;
}

function urgentActions(
  roots: readonly string[],
  where: ReadonlyMap<string, { file: string; node: AnyMenuNode }>,
): Found[] {
  const seen = new Set<string>();
  const todo = [...roots];
  const found: Found[] = [];
  const visit = (action: MenuAction, file: string, path: (string | number)[]) => {
    if (action.action === 'urgent') found.push({ file, path });
    if (action.action === 'goto') todo.push(action.node);
  };
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const at = where.get(id);
    if (!at) continue;
    const { node, file } = at;
    if (node.kind === 'input') visit(node.next, file, ['nodes', id, 'next']);
    else for (const [k, a] of Object.entries(node.options)) visit(a, file, ['nodes', id, 'options', k]);
  }
  return found;
}
