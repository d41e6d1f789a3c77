// The behaviours of a real Asterisk 22.10.1 that the engine relies on, each a scenario driven over
// raw ARI. The citizen is the `;1` half of a Local channel in the Stasis app `citizen`; its `;2`
// half runs the shipped dialplan (Local/1655@citizens) into the app `cagri`, which plays the engine.
// Operators' phones and the carrier are real SIP phones (test/real/sip-phone.ts) where a scenario
// needs one: busy (486), never answering, unregistered, or the carrier behind the trunk.
import type { AriWire } from './ari-wire.ts';

export interface ScenarioEnv {
  wire: AriWire;
  /** Starts a registered operator phone (`op1`…) that answers as told; stopped after the scenario. */
  phone(name: 'op1' | 'op2' | 'op3' | 'duty', answer: 'busy' | 'never' | 'auto'): Promise<void>;
  /** Starts the carrier's phone behind the trunk, answering as told. */
  carrier(answer: 'busy' | 'never' | 'auto'): Promise<void>;
  /** Notes that no phone is registered for this operator (nothing to start). */
  unregistered(name: 'op1' | 'op2' | 'op3' | 'duty'): void;
}

export interface Scenario {
  name: string;
  about: string;
  run(env: ScenarioEnv): Promise<void>;
}

export const APP = 'cagri';
/** The number callbacks dial through the trunk (the carrier-side phone's user). */
export const CARRIER_NUMBER = '0501234567';
export const CITIZEN_APP = 'citizen';

/** Durations of the prompts the scenarios play (soxi of /usr/share/asterisk/sounds/en). */
export const MEDIA_MS: Record<string, number> = {
  'sound:hello-world': 1404,
  'sound:vm-goodbye': 865,
  'sound:demo-thanks': 5518,
  'sound:queue-thankyou': 1592,
  // ast_say_digit_str: one sound:digits/N file per digit, about 0.6 s each.
  'digits:0501234567': 6000,
  'digits:123': 1800,
  // The project's own prompts (placeholders generated for the real tier).
  'sound:cagri/en/goodbye': 2672,
  'sound:cagri/en/main-menu': 20886,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isChannel = (id: string) => (e: Record<string, unknown>) => (e.channel as { id?: string })?.id === id;
const isPlayback = (id: string) => (e: Record<string, unknown>) => (e.playback as { id?: string })?.id === id;

/** The citizen dials 1655; resolves once `call-<n>` is in the app. */
async function placeCall(w: AriWire, n: number): Promise<string> {
  const q = new URLSearchParams({
    endpoint: 'Local/1655@citizens/n',
    app: CITIZEN_APP,
    callerId: '"Citizen" <0501234567>',
    channelId: `citizen-${n}`,
    otherChannelId: `call-${n}`,
    timeout: '30',
  });
  await w.rest('POST', `/channels?${q}`);
  await w.untilType(APP, 'StasisStart', isChannel(`call-${n}`));
  return `call-${n}`;
}

/** The citizen hangs up; resolves at the call's StasisEnd. */
async function citizenHangsUp(w: AriWire, n: number): Promise<void> {
  await w.rest('DELETE', `/channels/citizen-${n}`);
  await w.untilType(APP, 'StasisEnd', isChannel(`call-${n}`));
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'per-channel-order',
    about:
      'A play, then setChannelVar and addChannel to a holding bridge, sent at once: both wait behind ' +
      'the playing playback and answer only after its PlaybackFinished; GET answers at once.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', '/bridges?type=holding&bridgeId=rec-holding&name=queue');
      await w.rest('POST', `/channels/${c}/play/pb-long?media=sound:demo-thanks`);
      const setVar = w.fire('POST', `/channels/${c}/variable?variable=CAGRI_STEP&value=queued`);
      const add = w.fire('POST', `/bridges/rec-holding/addChannel?channel=${c}`);
      await w.rest('GET', `/channels/${c}`);
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-long'));
      await Promise.all([setVar, add]);
      await w.untilType(APP, 'ChannelEnteredBridge', isChannel(c));
      await citizenHangsUp(w, 1);
      await w.rest('DELETE', '/bridges/rec-holding');
      await w.settle(500);
    },
  },
  {
    name: 'stop-multi-item-during-digits',
    about:
      'Stopping [sound, digits, sound] while the digits play answers 204 but the playback goes on ' +
      'to the last item and finishes done.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      const media = 'sound:hello-world,digits:0501234567,sound:vm-goodbye';
      await w.rest('POST', `/channels/${c}/play/pb-multi?media=${encodeURIComponent(media)}`);
      await w.untilType(APP, 'PlaybackStarted', (e) =>
        (e.playback as { media_uri: string }).media_uri.startsWith('digits:'),
      );
      await sleep(800);
      await w.rest('DELETE', '/playbacks/pb-multi');
      await w.rest('GET', '/playbacks/pb-multi');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-multi'));
      await w.rest('DELETE', '/playbacks/pb-multi');
      await citizenHangsUp(w, 1);
      await w.settle(500);
    },
  },
  {
    name: 'stop-multi-item-digits-first',
    about: 'Stopping [digits, sound] during the digits, before any sound item, answers 500.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      const media = 'digits:0501234567,sound:vm-goodbye';
      await w.rest('POST', `/channels/${c}/play/pb-digits?media=${encodeURIComponent(media)}`);
      await sleep(800);
      await w.rest('DELETE', '/playbacks/pb-digits');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-digits'));
      await citizenHangsUp(w, 1);
      await w.settle(500);
    },
  },
  {
    name: 'stop-multi-item-during-sound',
    about: 'Stopping [sound, digits] during the sound answers 204 and finishes done at once.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      const media = 'sound:demo-thanks,digits:123';
      await w.rest('POST', `/channels/${c}/play/pb-sound?media=${encodeURIComponent(media)}`);
      await sleep(800);
      await w.rest('DELETE', '/playbacks/pb-sound');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-sound'));
      await citizenHangsUp(w, 1);
      await w.settle(500);
    },
  },
  {
    name: 'hangup-during-playback',
    about: 'The citizen hangs up while a prompt plays: hang-up events, then PlaybackFinished failed.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', `/channels/${c}/play/pb-prompt?media=sound:demo-thanks`);
      await sleep(800);
      await citizenHangsUp(w, 1);
      await w.settle(1000);
    },
  },
  {
    name: 'hangup-during-playback-with-queue',
    about:
      'Unanswered call: play, then a second play, answer and addChannel queued behind it; the ' +
      'citizen hangs up during the first playback. Shows what the waiting requests answer.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', '/bridges?type=holding&bridgeId=rec-holding&name=queue');
      await w.rest('POST', `/channels/${c}/play/pb-first?media=sound:demo-thanks`);
      await w.rest('POST', `/channels/${c}/play/pb-second?media=sound:hello-world`);
      const answer = w.fire('POST', `/channels/${c}/answer`);
      const add = w.fire('POST', `/bridges/rec-holding/addChannel?channel=${c}`);
      await sleep(800);
      await citizenHangsUp(w, 1);
      await Promise.all([answer, add]);
      await w.settle(1000);
      await w.rest('GET', '/bridges/rec-holding');
      await w.rest('DELETE', '/bridges/rec-holding');
      await w.settle(300);
    },
  },
  {
    name: 'app-hangup-during-playback',
    about: 'The app hangs the call up (DELETE) while a prompt plays.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', `/channels/${c}/play/pb-prompt?media=sound:demo-thanks`);
      await sleep(800);
      await w.rest('DELETE', `/channels/${c}`);
      await w.untilType(APP, 'StasisEnd', isChannel(c));
      await w.settle(1000);
    },
  },
  {
    name: 'bridge-playback-holding',
    about:
      'A playback into a holding bridge with the caller in it: events carry target bridge:…; then a ' +
      'bridge playback cut by destroying the bridge.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', '/bridges?type=holding&bridgeId=rec-holding&name=queue');
      await w.rest('POST', `/bridges/rec-holding/addChannel?channel=${c}`);
      await w.rest('POST', '/bridges/rec-holding/moh?mohClass=default');
      await w.rest('POST', '/bridges/rec-holding/play/pb-bridge?media=sound:queue-thankyou');
      await w.rest('POST', '/bridges/rec-holding/play/pb-bridge2?media=sound:hello-world');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-bridge2'));
      await w.rest('POST', '/bridges/rec-holding/play/pb-cut?media=sound:demo-thanks');
      await sleep(800);
      await w.rest('DELETE', '/bridges/rec-holding');
      await w.settle(1500);
      await citizenHangsUp(w, 1);
      await w.settle(500);
    },
  },
  {
    name: 'bridge-playback-holding-no-moh',
    about: 'A playback into a holding bridge without music on hold, the caller in it.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', '/bridges?type=holding&bridgeId=rec-holding&name=queue');
      await w.rest('POST', `/bridges/rec-holding/addChannel?channel=${c}`);
      await w.rest('POST', '/bridges/rec-holding/play/pb-bridge?media=sound:queue-thankyou');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-bridge'));
      await w.settle(300);
      await citizenHangsUp(w, 1);
      await w.rest('DELETE', '/bridges/rec-holding');
      await w.settle(500);
    },
  },
  {
    name: 'bridge-playback-mixing',
    about: 'A playback into a mixing bridge with the caller in it.',
    async run({ wire: w }) {
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', '/bridges?type=mixing&bridgeId=rec-mixing&name=talk');
      await w.rest('POST', `/bridges/rec-mixing/addChannel?channel=${c}`);
      await w.rest('POST', '/bridges/rec-mixing/play/pb-bridge?media=sound:queue-thankyou');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-bridge'));
      await w.settle(300);
      await citizenHangsUp(w, 1);
      await w.rest('DELETE', '/bridges/rec-mixing');
      await w.settle(500);
    },
  },
  {
    name: 'channel-moh-announce',
    about:
      'Music on hold on a PJSIP channel in no bridge: a play over the music; a play after the music ' +
      'is stopped; the music asked for again after PlaybackFinished (all answered at once); then a ' +
      'play stopped, the music stopped and the channel added to a mixing bridge at once.',
    async run({ wire: w, phone }) {
      await phone('op1', 'auto');
      const q = `endpoint=PJSIP/op1&app=${APP}&appArgs=held&channelId=held-1&timeout=10`;
      await w.rest('POST', `/channels?${q}`);
      await w.untilType(APP, 'StasisStart', isChannel('held-1'));
      await w.rest('POST', '/channels/held-1/moh?mohClass=default');
      await sleep(300);
      await w.rest('POST', '/channels/held-1/play/pb-over?media=sound:cagri/en/goodbye');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-over'));
      await w.rest('DELETE', '/channels/held-1/moh');
      await w.rest('POST', '/channels/held-1/play/pb-ann?media=sound:cagri/en/goodbye');
      await w.untilType(APP, 'PlaybackFinished', isPlayback('pb-ann'));
      await w.rest('POST', '/channels/held-1/moh?mohClass=default');
      await sleep(300);
      await w.rest('DELETE', '/channels/held-1/moh');
      await w.rest('POST', '/channels/held-1/play/pb-ann2?media=sound:cagri/en/main-menu');
      await sleep(800);
      await w.rest('DELETE', '/playbacks/pb-ann2');
      await w.rest('DELETE', '/channels/held-1/moh');
      await w.rest('POST', '/bridges?type=mixing&bridgeId=rec-talk&name=talk');
      await w.rest('POST', '/bridges/rec-talk/addChannel?channel=held-1');
      await w.untilType(APP, 'ChannelEnteredBridge', isChannel('held-1'));
      await w.rest('DELETE', '/channels/held-1');
      await w.untilType(APP, 'StasisEnd', isChannel('held-1'));
      await w.rest('DELETE', '/bridges/rec-talk');
      await w.settle(500);
    },
  },
  {
    name: 'dial-busy',
    about: 'create + dial, and originate, to an operator phone that answers 486 Busy Here.',
    async run({ wire: w, phone }) {
      await phone('op1', 'busy');
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', `/channels/create?endpoint=PJSIP/op1&app=${APP}&appArgs=operator&channelId=leg-1`);
      await w.untilType(APP, 'StasisStart', isChannel('leg-1'));
      await w.rest('POST', `/channels/leg-1/dial?caller=${c}&timeout=10`);
      await w.untilType(APP, 'StasisEnd', isChannel('leg-1'));
      await w.settle(500);
      await w.rest(
        'POST',
        `/channels?endpoint=PJSIP/op1&app=${APP}&appArgs=operator&channelId=leg-2&timeout=10`,
      );
      await w.untilType(APP, 'ChannelDestroyed', isChannel('leg-2'));
      await w.settle(500);
      await citizenHangsUp(w, 1);
      await w.settle(300);
    },
  },
  {
    name: 'dial-noanswer',
    about:
      'create + dial (timeout 3 s), and originate (timeout 3 s), to a phone that rings and never answers.',
    async run({ wire: w, phone }) {
      await phone('op2', 'never');
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', `/channels/create?endpoint=PJSIP/op2&app=${APP}&appArgs=operator&channelId=leg-1`);
      await w.untilType(APP, 'StasisStart', isChannel('leg-1'));
      await w.rest('POST', `/channels/leg-1/dial?caller=${c}&timeout=3`);
      await w.untilType(APP, 'StasisEnd', isChannel('leg-1'));
      await w.settle(500);
      await w.rest(
        'POST',
        `/channels?endpoint=PJSIP/op2&app=${APP}&appArgs=operator&channelId=leg-2&timeout=3`,
      );
      await w.untilType(APP, 'ChannelDestroyed', isChannel('leg-2'));
      await w.settle(500);
      await citizenHangsUp(w, 1);
      await w.settle(300);
    },
  },
  {
    name: 'dial-chanunavail',
    about: 'create (+ dial) and originate to an operator endpoint with no registered phone.',
    async run({ wire: w, unregistered }) {
      unregistered('op3');
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      const created = await w.rest(
        'POST',
        `/channels/create?endpoint=PJSIP/op3&app=${APP}&appArgs=operator&channelId=leg-1`,
      );
      if (created.status === 200) {
        await w.untilType(APP, 'StasisStart', isChannel('leg-1'));
        await w.rest('POST', `/channels/leg-1/dial?caller=${c}&timeout=10`);
        await w.untilType(APP, 'StasisEnd', isChannel('leg-1'));
      }
      await w.settle(500);
      const originated = await w.rest(
        'POST',
        `/channels?endpoint=PJSIP/op3&app=${APP}&appArgs=operator&channelId=leg-2&timeout=10`,
      );
      if (originated.status === 200) await w.untilType(APP, 'ChannelDestroyed', isChannel('leg-2'));
      await w.settle(500);
      await citizenHangsUp(w, 1);
      await w.settle(300);
    },
  },
  {
    name: 'hangup-while-ringing',
    about: 'The app hangs up an operator leg while it rings: a created+dialled leg, then an originated one.',
    async run({ wire: w, phone }) {
      await phone('op2', 'never');
      const c = await placeCall(w, 1);
      await w.rest('POST', `/channels/${c}/answer`);
      await w.rest('POST', `/channels/create?endpoint=PJSIP/op2&app=${APP}&appArgs=operator&channelId=leg-1`);
      await w.untilType(APP, 'StasisStart', isChannel('leg-1'));
      await w.rest('POST', `/channels/leg-1/dial?caller=${c}&timeout=30`);
      await w.untilType(APP, 'Dial', (e) => e.dialstatus === 'RINGING');
      await sleep(500);
      await w.rest('DELETE', `/channels/leg-1`);
      await w.untilType(APP, 'ChannelDestroyed', isChannel('leg-1'));
      await w.settle(500);
      await w.rest(
        'POST',
        `/channels?endpoint=PJSIP/op2&app=${APP}&appArgs=operator&channelId=leg-2&timeout=30`,
      );
      await w.until(APP, (e) => e.type === 'Dial' && e.dialstatus === 'RINGING', 15_000, 2);
      await sleep(500);
      await w.rest('DELETE', `/channels/leg-2`);
      await w.untilType(APP, 'ChannelDestroyed', isChannel('leg-2'));
      await w.settle(500);
      await citizenHangsUp(w, 1);
      await w.settle(300);
    },
  },
  {
    name: 'originate-trunk',
    about: 'A callback: originate to PJSIP/<number>@trunk; the carrier answers; the app hangs up.',
    async run({ wire: w, carrier }) {
      await carrier('auto');
      await w.rest(
        'POST',
        `/channels?endpoint=${encodeURIComponent('PJSIP/0501234567@trunk')}&app=${APP}&appArgs=callback&channelId=cb-1&callerId=1655&timeout=15`,
      );
      await w.untilType(APP, 'StasisStart', isChannel('cb-1'));
      await sleep(500);
      await w.rest('DELETE', '/channels/cb-1');
      await w.untilType(APP, 'ChannelDestroyed', isChannel('cb-1'));
      await w.settle(500);
    },
  },
];
