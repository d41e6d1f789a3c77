// The floor (issue 15): the least an ARI application can do for the benchmark's journey, as a
// process of its own so that its CPU is its own. It makes the requests cagri makes — answer, the
// greeting and the menu, on 1 a stop and the appeals prompt, on 0 a stop and the place
// announcement (the same media as cagri's), at its end music on the channel — with no rules, no
// storage, no log and only the events it acts on. What the engine costs beyond this process is
// cagri's own; what this process costs any ARI application pays on this machine.
//
//   ARI_URL=http://127.0.0.1:8088 ARI_USERNAME=… ARI_PASSWORD=… node --import tsx bench/capacity/ari-floor.ts
//
// Prints `ready` once its events socket is open and its event filter set; run.ts starts it.
import WebSocket from 'ws';
import { queueAnnouncementMedia } from '../../src/prompts/queue-announcement.ts';
import { httpSender, rawSender } from './floor-transports.ts';

/** The Stasis application native-menu.conf sends 1698 to. */
const FLOOR_APP = 'cagri-floor';

const url = new URL(process.env.ARI_URL ?? 'http://127.0.0.1:8088');
const auth = `Basic ${Buffer.from(`${process.env.ARI_USERNAME}:${process.env.ARI_PASSWORD}`).toString('base64')}`;
const failed = (err: unknown) => {
  console.error(`floor: ${(err as Error).message}`);
  process.exitCode = 1;
};
// FLOOR_TRANSPORT: `http` (default, as cagri's client) or `raw` (floor-transports.ts).
const link = { url, auth, failed };
const send = process.env.FLOOR_TRANSPORT === 'raw' ? rawSender(link) : httpSender(link);

interface Caller {
  step: 'menu' | 'appeals' | 'queue' | 'hold';
  playback: string;
  plays: number;
}
const callers = new Map<string, Caller>();
let waiting = 0;

function play(channel: string, caller: Caller, media: string[]): void {
  caller.playback = `${channel}:${++caller.plays}`;
  const q = `media=${encodeURIComponent(media.join(','))}&lang=az&playbackId=${encodeURIComponent(caller.playback)}`;
  send('POST', `/channels/${encodeURIComponent(channel)}/play?${q}`).catch(failed);
}

function stopAndPlay(channel: string, caller: Caller, media: string[]): void {
  send('DELETE', `/playbacks/${encodeURIComponent(caller.playback)}`).catch(failed);
  play(channel, caller, media);
}

interface AriEvent {
  type: string;
  channel?: { id: string };
  digit?: string;
  playback?: { id: string; target_uri: string };
}

function onEvent(e: AriEvent): void {
  if (e.type === 'StasisStart' && e.channel) {
    const channel = e.channel.id;
    const caller: Caller = { step: 'menu', playback: '', plays: 0 };
    callers.set(channel, caller);
    send('POST', `/channels/${encodeURIComponent(channel)}/answer`)
      .then(() => play(channel, caller, ['sound:cagri/az/greeting', 'sound:cagri/az/main-menu']))
      .catch(failed);
  } else if (e.type === 'ChannelDtmfReceived' && e.channel) {
    const channel = e.channel.id;
    const caller = callers.get(channel);
    if (!caller) return;
    if (e.digit === '1' && caller.step === 'menu') {
      caller.step = 'appeals';
      stopAndPlay(channel, caller, ['sound:cagri/az/appeals']);
    } else if (e.digit === '0' && (caller.step === 'menu' || caller.step === 'appeals')) {
      caller.step = 'queue';
      stopAndPlay(channel, caller, queueAnnouncementMedia({ language: 'az', position: ++waiting }));
    }
  } else if (e.type === 'PlaybackFinished' && e.playback) {
    const channel = e.playback.target_uri.replace(/^channel:/, '');
    const caller = callers.get(channel);
    if (caller?.step !== 'queue' || e.playback.id !== caller.playback) return;
    caller.step = 'hold';
    send('POST', `/channels/${encodeURIComponent(channel)}/moh?mohClass=default`).catch(failed);
  } else if (e.type === 'StasisEnd' && e.channel) {
    const caller = callers.get(e.channel.id);
    if (caller?.step === 'queue' || caller?.step === 'hold') waiting--;
    callers.delete(e.channel.id);
  }
}

const ws = new WebSocket(
  `ws://${url.host}/ari/events?app=${FLOOR_APP}&api_key=${encodeURIComponent(`${process.env.ARI_USERNAME}:${process.env.ARI_PASSWORD}`)}`,
);
ws.on('message', (data) => onEvent(JSON.parse(data.toString()) as AriEvent));
ws.on('error', (err) => {
  failed(err);
  process.exit(1);
});
ws.on('close', () => process.exit(process.exitCode ?? 0));
ws.on('open', () => {
  const allowed = ['StasisStart', 'StasisEnd', 'ChannelDtmfReceived', 'PlaybackFinished'].map((type) => ({
    type,
  }));
  send('PUT', `/applications/${FLOOR_APP}/eventFilter`, { allowed })
    .then(() => console.log('ready'))
    .catch((err: unknown) => {
      failed(err);
      process.exit(1);
    });
});
