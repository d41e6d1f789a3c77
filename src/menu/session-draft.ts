// One step of a call session under construction: a private copy of the state plus the commands
// produced so far. Only one prompt plays and one timer runs at a time; starting a new one ends
// the old one, so no stale prompt or timer can outlive the step that replaced it.

import type { ServicePromptName } from '../config/services-config.ts';
import { PlaybackId } from '../domain/ids.ts';
import type { LocalizedPrompt } from './menu-config.ts';
import { type SessionCommand, TimerId } from './session-commands.ts';
import { promptMedia } from './session-media.ts';
import type { SessionPhase, SessionState, StepResult } from './session-state.ts';

export class Draft {
  readonly s: SessionState;
  readonly commands: SessionCommand[] = [];

  constructor(state: SessionState) {
    this.s = {
      ...state,
      history: [...state.history],
      collected: { ...state.collected },
      seq: { ...state.seq },
    };
  }

  get ctx() {
    return this.s.ctx;
  }

  get phase(): SessionPhase {
    return this.s.phase;
  }

  set phase(p: SessionPhase) {
    this.s.phase = p;
  }

  emit(cmd: SessionCommand): void {
    this.commands.push(cmd);
  }

  log(level: 'debug' | 'info' | 'warn', msg: string, data?: Record<string, unknown>): void {
    this.commands.push(data ? { type: 'log', level, msg, data } : { type: 'log', level, msg });
  }

  /** Media for a prompt in the call's current language. */
  media(prompt: LocalizedPrompt | undefined): string[] {
    return promptMedia(prompt, this.s.language, this.ctx.service.languages[0] ?? this.s.language);
  }

  serviceMedia(name: ServicePromptName): string[] {
    return this.media(this.ctx.service.prompts[name]);
  }

  play(media: string[]): void {
    this.stopPlayback();
    const playbackId = PlaybackId(`${this.ctx.callId}:p${++this.s.seq.playback}`);
    this.s.playback = playbackId;
    this.commands.push({ type: 'play', playbackId, media, language: this.s.language });
  }

  startTimer(seconds: number): void {
    this.cancelTimer();
    const timerId = TimerId(`${this.ctx.callId}:t${++this.s.seq.timer}`);
    this.s.timer = timerId;
    this.commands.push({ type: 'start-timer', timerId, ms: Math.round(seconds * 1000) });
  }

  stopPlayback(): void {
    if (this.s.playback === undefined) return;
    this.commands.push({ type: 'stop-playback', playbackId: this.s.playback });
    delete this.s.playback;
  }

  cancelTimer(): void {
    if (this.s.timer === undefined) return;
    this.commands.push({ type: 'cancel-timer', timerId: this.s.timer });
    delete this.s.timer;
  }

  /** A key was pressed: whatever plays stops at once, and the silence timer no longer applies. */
  interrupt(): void {
    this.stopPlayback();
    this.cancelTimer();
  }

  result(): StepResult {
    return { state: this.s, commands: this.commands };
  }
}
