// Runs one citizen's call: feeds the pure call session with what happens on the channel and
// executes the commands it returns through the telephony port, the queue and the callbacks.
// Database writes go through the journal (src/durability), never in the way of the caller's audio.
import type { Clock } from '../domain/clock.ts';
import { type CallId, type ChannelId, OperatorId, type PlaybackId } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import {
  resumeQueued,
  type SessionContext,
  type SessionState,
  startSession,
  step,
} from '../menu/call-session.ts';
import type { SessionCommand, TimerId } from '../menu/session-commands.ts';
import type { SessionEvent } from '../menu/session-events.ts';
import type { SurveyAnswerSink } from '../survey/survey-recorder.ts';
import { TelephonyError, type TelephonyPort } from '../telephony/telephony-port.ts';
import type { AppealLookup, CallbackService, QueueCallbacks, QueueService } from './engine-services.ts';
import { TimerSet } from './timer-set.ts';

export interface CallControllerDeps {
  port: TelephonyPort;
  clock: Clock;
  logger: Logger;
  queue: QueueService;
  callbacks: CallbackService;
  /** Calls `ended(outcome)` once the call is over, whoever ended it. */
  onEnded(callId: CallId, endCause: string, outcome: string): void;
  /** Refer with transfer: connect the caller to another body's number (the call then belongs to that conversation). */
  transfer(callId: CallId, channelId: ChannelId, destination: string, callerNumber: string): void;
  /** The caller switched language; recorded on the call (its outcome is recorded at the end). */
  onLanguage(callId: CallId, language: string): void;
  /** Inside the service's live hours at this instant (checked before each key and silence). */
  liveAt?(now: number): boolean;
  /** Where post-call survey answers go (src/survey); without it they are only logged. */
  surveys?: SurveyAnswerSink;
  /** The appeal registry (IVR status lookup); without it a lookup answers "cannot check now". */
  appeals?: AppealLookup;
}

/** Longest a single prompt may take before we stop waiting for PlaybackFinished. */
const PROMPT_GUARD_MS = 5 * 60_000;

export class CallController {
  private state: SessionState | undefined;
  private readonly timers: TimerSet<string>;
  private readonly playbacks = new Set<PlaybackId>();
  private ended = false;
  /** Asterisk is hanging the channel up (the caller hung up): its prompts end as `failed`. */
  private hangingUp = false;
  private outcome = 'caller-hung-up';
  private queued = false;
  private recordedLanguage: string;
  /** Who answered last ('duty' for the duty phone): survey answers are stored with them. */
  private answeredBy: string | undefined;

  constructor(
    readonly callId: CallId,
    readonly channelId: ChannelId,
    private readonly ctx: SessionContext,
    private readonly queueId: string,
    private readonly deps: CallControllerDeps,
    private readonly log: Logger,
  ) {
    this.timers = new TimerSet(deps.clock, (id) => this.onTimer(id));
    this.recordedLanguage = ctx.service.languages[0] ?? '';
  }

  /** The channel is answered: start the menu. */
  start(): void {
    const { state, commands } = startSession(this.ctx, this.deps.clock.now());
    this.state = state;
    this.execute(commands);
  }

  /** A caller re-adopted after a restart: already waiting in the queue, keys work as before. */
  resumeQueued(language: string, urgent: boolean): QueueCallbacks {
    this.state = resumeQueued(this.ctx, this.deps.clock.now(), language, urgent);
    this.queued = true;
    this.outcome = 'abandoned-in-queue';
    return this.queueEvents();
  }

  ownsPlayback(playbackId: PlaybackId): boolean {
    return this.playbacks.has(playbackId);
  }

  dtmf(digit: string): void {
    this.feed({ type: 'dtmf', digit });
  }

  playbackFinished(playbackId: PlaybackId, failed: boolean): void {
    this.playbacks.delete(playbackId);
    this.timers.cancel(`guard:${playbackId}`);
    // A hang-up ends the prompt playing as `failed` before the channel leaves our app: that is
    // the caller going, not a prompt to complain about or a closing prompt to hang up after.
    if (failed && this.hangingUp) return;
    this.feed({ type: failed ? 'prompt-failed' : 'prompt-finished', playbackId });
  }

  /** Asterisk reported a hang-up request on the caller's channel; leaving our app follows. */
  hangupRequested(): void {
    this.hangingUp = true;
  }

  /** The caller's channel left our app: they hung up (or Asterisk took the channel away). */
  callerGone(cause = 'caller-hangup'): void {
    if (this.ended) return;
    this.feed({ type: 'caller-hung-up' });
    if (this.queued)
      this.deps.queue.callerGone(this.callId, { lostWhileDisconnected: cause === 'lost-while-disconnected' });
    this.finish(cause, this.outcome);
  }

  /** Queue → call: an operator took the call. */
  operatorConnected(who: string): void {
    this.outcome = 'operator';
    this.answeredBy = who;
    this.log.info({ who }, 'caller connected');
    this.feed({ type: 'operator-connected' });
  }

  /** The transfer to another body failed: the caller is back in the menu (with an apology). */
  transferFailed(reason: string): void {
    this.outcome = 'caller-hung-up';
    this.feed({ type: 'transfer-failed', reason });
  }

  /** Queue → call: the conversation ended from the other side. */
  conversationFinished(): void {
    this.hangup('operator-hangup');
  }

  /** What the queue tells this call: put through to someone, or that conversation is over. */
  private queueEvents(): QueueCallbacks {
    return {
      connected: (_id, who) => this.operatorConnected(who),
      finished: () => this.conversationFinished(),
      operatorLeft: () => {
        // Still on the line: the session asks the survey or ends the call as the operator's.
        this.queued = false;
        this.feed({ type: 'operator-left' });
      },
      unavailable: () => {
        this.queued = false;
        this.outcome = 'caller-hung-up';
        this.feed({ type: 'queue-unavailable' });
      },
    };
  }

  private feed(event: SessionEvent): void {
    if (!this.state || this.ended) return;
    // Hours are decided when they matter: a key or a silence may be the first after closing time.
    if ((event.type === 'dtmf' || event.type === 'timer') && this.deps.liveAt) {
      const live = this.deps.liveAt(this.deps.clock.now());
      if (live !== this.state.live) this.feed({ type: 'hours', live });
    }
    const { state, commands } = step(this.state, event);
    this.state = state;
    this.execute(commands);
  }

  private execute(commands: SessionCommand[]): void {
    for (const command of commands) {
      if (this.ended) return;
      this.run(command);
    }
  }

  private run(c: SessionCommand): void {
    const { port } = this.deps;
    switch (c.type) {
      case 'play':
        this.playbacks.add(c.playbackId);
        this.timers.start(`guard:${c.playbackId}`, PROMPT_GUARD_MS);
        port.play(this.channelId, c.playbackId, c.media, c.language).catch((err: unknown) => {
          // `gone`: the channel is hanging up; its leaving our app ends the call as the caller's.
          if (err instanceof TelephonyError && err.kind === 'gone') this.hangingUp = true;
          else this.log.warn({ err, playbackId: c.playbackId }, 'prompt could not be started');
          this.playbackFinished(c.playbackId, true);
        });
        // Record the call's language once per change, not once per prompt.
        if (this.state && this.state.language !== this.recordedLanguage) {
          this.recordedLanguage = this.state.language;
          this.deps.onLanguage(this.callId, this.state.language);
        }
        return;
      case 'stop-playback':
        this.playbacks.delete(c.playbackId);
        this.timers.cancel(`guard:${c.playbackId}`);
        port.stopPlayback(c.playbackId).catch(() => undefined); // 404: it had just finished
        return;
      case 'start-timer':
        this.timers.start(`session:${c.timerId}`, c.ms);
        return;
      case 'cancel-timer':
        this.timers.cancel(`session:${c.timerId}`);
        return;
      case 'enqueue':
        this.queued = true;
        this.outcome = 'abandoned-in-queue';
        this.deps.queue.join(
          {
            callId: this.callId,
            channelId: this.channelId,
            serviceId: this.ctx.service.id,
            queueId: this.queueId,
            language: c.language,
            urgent: c.urgent,
            callerNumber: this.ctx.callerNumber,
            reason: c.reason,
            menuPath: c.menuPath,
            collected: c.collected,
          },
          this.queueEvents(),
        );
        return;
      case 'leave-queue':
        if (this.queued) this.deps.queue.leave(this.callId, c.reason);
        this.queued = false;
        return;
      case 'escalate':
        // The urgent caller is enqueued as urgent right after this; the queue raises the escalation.
        this.log.warn({ reason: c.reason }, 'urgent matter chosen');
        return;
      case 'book-callback':
        this.book(c.number, c.language);
        return;
      case 'lookup-appeal':
        this.lookupAppeal(c.digits);
        return;
      case 'transfer':
        this.outcome = 'referred';
        this.log.info({ destination: c.destination }, 'transferring the caller');
        this.deps.transfer(this.callId, this.channelId, c.destination, this.ctx.callerNumber);
        return;
      case 'hangup':
        this.outcome = c.outcome;
        this.hangup(c.outcome === 'operator' ? 'operator-hangup' : 'engine-hangup');
        return;
      case 'survey-answer': {
        this.log.info({ question: c.question, answer: c.answer }, 'survey answer');
        const who = this.answeredBy;
        this.deps.surveys?.record({
          callId: this.callId,
          serviceId: this.ctx.service.id,
          ...(who && who !== 'duty' ? { operatorId: OperatorId(who) } : {}),
          question: c.question,
          answer: c.answer,
          at: this.deps.clock.now(),
        });
        return;
      }
      case 'log':
        this.log[c.level](c.data ?? {}, c.msg);
        return;
    }
  }

  private book(number: string, language: string): void {
    this.deps.callbacks
      .book({ callId: this.callId, serviceId: this.ctx.service.id, number, language })
      .then((r) => {
        if (r.ok) {
          this.outcome = 'callback-booked';
          this.feed({ type: 'callback-booked', dueFrom: r.dueFrom });
        } else {
          this.feed({ type: 'callback-refused', reason: r.reason });
        }
      })
      .catch((err: unknown) => {
        this.log.error({ err }, 'callback booking failed');
        this.feed({ type: 'callback-refused', reason: 'the booking could not be stored' });
      });
  }

  private lookupAppeal(digits: string): void {
    const appeals = this.deps.appeals;
    if (!appeals) {
      this.feed({ type: 'appeal-status-failed' });
      return;
    }
    appeals
      .statusOf(this.ctx.service.id, digits)
      .then((found) => this.feed({ type: 'appeal-status', found }))
      .catch((err: unknown) => {
        this.log.error({ err }, 'appeal status lookup failed');
        this.feed({ type: 'appeal-status-failed' });
      });
  }

  private onTimer(id: string): void {
    if (id.startsWith('guard:')) {
      const playbackId = id.slice('guard:'.length) as PlaybackId;
      this.log.warn({ playbackId }, 'prompt never finished; carrying on');
      this.deps.port.stopPlayback(playbackId).catch(() => undefined);
      this.playbackFinished(playbackId, true);
      return;
    }
    this.feed({ type: 'timer', timerId: id.slice('session:'.length) as TimerId });
  }

  private hangup(cause: string): void {
    if (this.ended) return;
    this.deps.port.hangup(this.channelId).catch(() => undefined);
    this.finish(cause, this.outcome);
  }

  private finish(cause: string, outcome: string): void {
    if (this.ended) return;
    this.ended = true;
    this.timers.cancelAll();
    this.deps.onEnded(this.callId, cause, outcome);
  }
}
