// Every prompt a node or service can play, with its path in the YAML: what the language and the
// sound-file checks walk over, and what `cagri check --sounds` looks for on disk.
import type { ServiceConfig } from '../config/services-config.ts';
import type { AnyMenuNode, LocalizedPrompt, MenuAction } from './menu-config.ts';

export interface PromptAt {
  /** Path of the localized prompt inside its file (e.g. `nodes.main.options.1.prompt`). */
  path: (string | number)[];
  prompt: LocalizedPrompt;
}

function actionPrompt(action: MenuAction): LocalizedPrompt | undefined {
  return action.action === 'play' || action.action === 'refer' || action.action === 'goodbye'
    ? action.prompt
    : undefined;
}

export function nodePrompts(nodeId: string, node: AnyMenuNode): PromptAt[] {
  const base = ['nodes', nodeId];
  const out: PromptAt[] = [{ path: [...base, 'prompt'], prompt: node.prompt }];
  if (node.invalidPrompt) out.push({ path: [...base, 'invalidPrompt'], prompt: node.invalidPrompt });
  if (node.kind === 'menu') {
    for (const [key, action] of Object.entries(node.options)) {
      const p = actionPrompt(action);
      if (p) out.push({ path: [...base, 'options', key, 'prompt'], prompt: p });
    }
  } else {
    const p = actionPrompt(node.next);
    if (p) out.push({ path: [...base, 'next', 'prompt'], prompt: p });
  }
  return out;
}

export function servicePrompts(index: number, service: ServiceConfig): PromptAt[] {
  const survey = Object.entries(service.survey?.prompts ?? {}).map(([name, prompt]) => ({
    path: ['services', index, 'survey', 'prompts', name],
    prompt,
  }));
  return [
    ...Object.entries(service.prompts).map(([name, prompt]) => ({
      path: ['services', index, 'prompts', name],
      prompt,
    })),
    ...survey,
  ];
}

/** The actions a node can run (its options, or an input node's `next`), with their paths. */
export function nodeActions(
  nodeId: string,
  node: AnyMenuNode,
): { path: (string | number)[]; action: MenuAction }[] {
  if (node.kind === 'input') return [{ path: ['nodes', nodeId, 'next'], action: node.next }];
  return Object.entries(node.options).map(([key, action]) => ({
    path: ['nodes', nodeId, 'options', key],
    action,
  }));
}
