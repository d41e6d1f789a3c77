// The moves a call session makes between phases: entering nodes, running a node's actions,
// re-prompting, giving up, the 0 rule, handing over to the queue, and ending the call.
import type { MenuNodeId } from '../domain/ids.ts';
import { sayPhoneNumber } from '../say/say.ts';
import { sayLanguageFor } from '../say/say-language.ts';
import { startAppealLookup } from './appeal-status-flow.ts';
import type { AnyMenuNode, MenuAction } from './menu-config.ts';
import type { HangupOutcome } from './session-commands.ts';
import type { Draft } from './session-draft.ts';
import type { SessionPhase } from './session-state.ts';

/** The phases in which the caller is at a menu node (an appeal lookup is still at its entry node). */
type NodePhase = Extract<SessionPhase, { nodeId: MenuNodeId }>;

function atNode(p: SessionPhase): p is NodePhase {
  return p.kind === 'menu' || p.kind === 'info' || p.kind === 'input' || p.kind === 'appeal-lookup';
}

export function nodeOf(d: Draft, nodeId: MenuNodeId): AnyMenuNode | undefined {
  return Object.hasOwn(d.ctx.menus, nodeId) ? d.ctx.menus[nodeId] : undefined;
}

/** Be at `node` (an input node starts an empty entry) and play `lead`, then its prompt. */
function showNode(d: Draft, nodeId: MenuNodeId, node: AnyMenuNode, retries: number, lead: string[]): void {
  d.phase =
    node.kind === 'input'
      ? { kind: 'input', nodeId, retries, digits: '' }
      : { kind: 'menu', nodeId, retries };
  d.play([...lead, ...d.media(node.prompt)]);
}

/** Enter a node afresh (retries reset); `lead` plays first (the greeting, say). */
export function enterNode(d: Draft, nodeId: MenuNodeId, lead: string[] = []): void {
  const node = nodeOf(d, nodeId);
  if (!node) {
    // The validator rules this out; should it happen anyway, the caller still reaches a person.
    d.log('warn', 'menu node missing from the config; giving up on the menu', { nodeId });
    giveUp(d, 'no-input');
    return;
  }
  showNode(d, nodeId, node, 0, lead);
}

/** Play the current node's prompt again (after information, a language change, a retry). */
export function replayNode(d: Draft, lead: string[] = []): void {
  const p = d.phase;
  if (!atNode(p)) return;
  const node = nodeOf(d, p.nodeId);
  if (!node) {
    enterNode(d, p.nodeId);
    return;
  }
  showNode(d, p.nodeId, node, p.retries, lead);
}

/** A wrong key or a silence at a node: re-prompt, or give up once the node's limit is passed. */
export function retryNode(d: Draft, why: 'no-input' | 'invalid-input'): void {
  const p = d.phase;
  if (!atNode(p)) return;
  const node = nodeOf(d, p.nodeId);
  const retries = p.retries + 1;
  if (!node || retries > node.maxRetries) {
    giveUp(d, why);
    return;
  }
  const lead =
    why === 'no-input'
      ? d.serviceMedia('noInput')
      : d.media(node.invalidPrompt ?? d.ctx.service.prompts.invalid);
  showNode(d, p.nodeId, node, retries, lead);
}

/** The retry limit is passed: a person takes over in live hours, otherwise a polite goodbye. */
export function giveUp(d: Draft, why: 'no-input' | 'invalid-input'): void {
  d.log('info', 'caller did not get through the menu', { why, live: d.s.live });
  if (d.s.live) enqueue(d, false, why);
  else close(d, d.serviceMedia('goodbye'), { type: 'hangup', outcome: why });
}

/** 0, pressed anywhere: the operator in live hours, the callback offer otherwise. */
export function pressZero(d: Draft): void {
  d.interrupt();
  if (d.s.live) enqueue(d, false, 'zero');
  else startCallbackOffer(d);
}

function enqueue(d: Draft, urgent: boolean, reason: string): void {
  const p = d.phase;
  const here = atNode(p) ? [p.nodeId] : p.kind === 'callback' && p.returnTo ? [p.returnTo] : [];
  const menuPath = [...d.s.history, ...here].map(String);
  d.interrupt();
  d.emit({
    type: 'enqueue',
    urgent,
    language: d.s.language,
    reason,
    menuPath,
    collected: { ...d.s.collected },
  });
  d.phase = { kind: 'queued', urgent };
}

/** Play the last words, then hang up or transfer (keys other than 0 no longer matter). */
export function close(
  d: Draft,
  media: string[],
  after:
    | { type: 'hangup'; outcome: HangupOutcome }
    | { type: 'transfer'; destination: string; number: string; returnTo?: MenuNodeId },
): void {
  d.interrupt();
  d.phase = { kind: 'closing', after };
  if (media.length > 0) d.play(media);
  else finishClosing(d);
}

export function finishClosing(d: Draft): void {
  const p = d.phase;
  if (p.kind !== 'closing') return;
  d.cancelTimer();
  if (p.after.type === 'hangup') {
    d.emit({ type: 'hangup', outcome: p.after.outcome });
    d.phase = { kind: 'ended', outcome: p.after.outcome };
  } else {
    d.emit({ type: 'transfer', destination: p.after.destination, number: p.after.number });
    const returnTo = p.after.returnTo;
    d.phase = { kind: 'transferring', ...(returnTo && { returnTo }) };
  }
}

/** The transfer failed (busy, no answer, unreachable): an apology, then the menu the caller was in. */
export function transferFailed(d: Draft, reason: string): void {
  const p = d.phase;
  if (p.kind !== 'transferring') return;
  d.log('info', 'transfer failed; back to the menu', { reason, returnTo: p.returnTo });
  const apology = d.serviceMedia('transferFailed');
  if (p.returnTo) enterNode(d, p.returnTo, apology);
  else close(d, [...apology, ...d.serviceMedia('goodbye')], { type: 'hangup', outcome: 'goodbye' });
}

export function startCallbackOffer(d: Draft): void {
  d.interrupt();
  const p = d.phase;
  const returnTo = p.kind === 'callback' ? p.returnTo : atNode(p) ? p.nodeId : undefined;
  d.phase = { kind: 'callback', step: 'offer', retries: 0, digits: '', ...(returnTo ? { returnTo } : {}) };
  d.play(d.serviceMedia('callbackOffer'));
}

/** Back to the node the caller came from; at a root, the same node again. */
function goBack(d: Draft): void {
  const prev = d.s.history.pop();
  if (prev) enterNode(d, prev);
  else replayNode(d);
}

/** Run a menu action chosen at the current node (or an input node's `next`). */
export function runAction(d: Draft, action: MenuAction): void {
  const p = d.phase;
  const here = atNode(p) ? p.nodeId : undefined;
  const retries = atNode(p) ? p.retries : 0;
  switch (action.action) {
    case 'goto':
      if (here) d.s.history.push(here);
      enterNode(d, action.node);
      return;
    case 'play':
      if (!here) return;
      d.phase = { kind: 'info', nodeId: here, retries };
      d.play(d.media(action.prompt));
      return;
    case 'operator':
      if (d.s.live) {
        enqueue(d, false, action.reason ?? 'operator');
        return;
      }
      startCallbackOffer(d);
      return;
    case 'callback':
      startCallbackOffer(d);
      return;
    case 'urgent': {
      // Urgent matters are escalated at any hour: the duty path exists for the night.
      const reason = action.reason ?? 'urgent';
      d.emit({ type: 'escalate', reason });
      enqueue(d, true, reason);
      return;
    }
    case 'language':
      if (!d.ctx.service.languages.includes(action.language)) {
        d.log('warn', 'language not offered by the service; ignored', { language: action.language });
        replayNode(d);
        return;
      }
      d.s.language = action.language;
      d.log('info', 'language changed', { language: action.language });
      goBack(d);
      return;
    case 'back':
      goBack(d);
      return;
    case 'repeat':
      replayNode(d);
      return;
    case 'goodbye':
      close(d, d.media(action.prompt ?? d.ctx.service.prompts.goodbye), {
        type: 'hangup',
        outcome: 'goodbye',
      });
      return;
    case 'appeal-status':
      startAppealLookup(d);
      return;
    case 'refer': {
      const say = sayLanguageFor(d.s.language, d.ctx.service.languages);
      const media = [...d.media(action.prompt), ...sayPhoneNumber(say, action.number)];
      if (action.transferTo) {
        // Should the transfer fail, the caller is brought back to this node with an apology.
        const after = { type: 'transfer', destination: action.transferTo, number: action.number } as const;
        close(d, media, { ...after, ...(here && { returnTo: here }) });
        return;
      }
      close(d, [...media, ...d.serviceMedia('goodbye')], { type: 'hangup', outcome: 'referred' });
      return;
    }
  }
}
