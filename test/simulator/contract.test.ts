// The contract suite: the simulator's declarations and the JSON it sends are checked against the
// Asterisk 22.10.1 reference in ../shared/ari-reference; a renamed field or event makes it fail.
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/domain/clock.ts';
import { type AriSimulator, startSimulator } from '../../src/simulator/index.ts';
import { SIM_EVENT_TYPES } from '../../src/simulator/swagger-declarations/events.ts';
import { DECLARATIONS } from '../../src/simulator/swagger-declarations/index.ts';
import {
  checkDeclarations,
  checkEvent,
  checkValue,
  loadReference,
  loadResourceListing,
  referenceModels,
} from './contract-checker.ts';
import { ari, basicAuth } from './sim-test-kit.ts';

describe('declarations against the reference', () => {
  it('every operation, parameter and model field matches Asterisk 22.10.1', () => {
    expect(checkDeclarations(DECLARATIONS)).toEqual([]);
  });

  it('declares every resource ari-client loads, and the events WebSocket', () => {
    const refNames = loadResourceListing().apis.map((a) => /\/api-docs\/(\w+)\./.exec(a.path)?.[1]);
    expect(Object.keys(DECLARATIONS).sort()).toEqual([...refNames].sort());
    const refEvents = loadReference('events').models?.Event?.subTypes ?? [];
    for (const type of SIM_EVENT_TYPES) expect(refEvents).toContain(type);
    expect(DECLARATIONS.events?.models.Event?.subTypes).toEqual(SIM_EVENT_TYPES);
  });

  it('reports a renamed model field, a renamed event and a changed parameter type', () => {
    const copy = structuredClone(DECLARATIONS) as typeof DECLARATIONS;
    const channel = copy.channels?.models.Channel;
    if (!channel?.properties.caller) throw new Error('fixture: Channel.caller expected');
    channel.properties.caller_id = channel.properties.caller;
    delete channel.properties.caller;
    const events = copy.events?.models;
    if (!events?.StasisStart) throw new Error('fixture: StasisStart expected');
    events.StasisBegin = { ...events.StasisStart, id: 'StasisBegin' };
    delete events.StasisStart;
    const play = copy.channels?.apis.find((a) => a.path === '/channels/{channelId}/play')?.operations[0];
    const media = play?.parameters.find((p) => p.name === 'media');
    if (!media) throw new Error('fixture: media expected');
    media.dataType = 'int';

    const problems = checkDeclarations(copy);
    expect(problems).toContain('channels: model Channel field caller_id is not in the reference');
    expect(problems).toContain('channels: model Channel lacks required field caller');
    expect(problems).toContain('events: model StasisBegin is not in the reference');
    expect(problems).toContain(
      'channels: POST /channels/{channelId}/play: parameter media dataType int ≠ string',
    );
  });

  it('reports an event the simulator sends with a renamed field', () => {
    const models = referenceModels();
    const problems = checkEvent(models, {
      type: 'ChannelDtmfReceived',
      timestamp: '2026-11-28T12:57:43.123+0000',
      application: 'cagri',
      asterisk_id: '02:fc:00:00:00:01',
      dtmf_digit: '1',
      duration_ms: 100,
      channel: {},
    });
    expect(problems).toContain('ChannelDtmfReceived: field dtmf_digit is not in model ChannelDtmfReceived');
    expect(problems).toContain('ChannelDtmfReceived: required field digit missing');
  });
});

describe('discovery as served', () => {
  let sim: AriSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, clock: new FakeClock() });
  });
  afterEach(() => sim.close());

  it('rewrites basePath to the Host header, serves 1.2 with apiVersion 10.0.0, and a dataType on every parameter', async () => {
    const listing = await ari(sim, 'GET', '/api-docs/resources.json');
    expect(listing.status).toBe(200);
    expect(listing.body).toMatchObject({
      swaggerVersion: '1.2',
      apiVersion: loadResourceListing().apiVersion,
      basePath: `http://127.0.0.1:${sim.port}/ari`,
    });
    // fetch may not set Host, so this one goes through node:http.
    const doc = await new Promise<typeof DECLARATIONS.channels>((resolve, reject) => {
      http
        .get(
          `${sim.url}/ari/api-docs/channels.json`,
          { headers: { Authorization: basicAuth(), Host: 'asterisk.example:8088' } },
          (res) => {
            let text = '';
            res.on('data', (c) => {
              text += c;
            });
            res.on('end', () => resolve(JSON.parse(text)));
          },
        )
        .on('error', reject);
    });
    expect(doc?.basePath).toBe('http://asterisk.example:8088/ari');
    for (const name of Object.keys(DECLARATIONS)) {
      const served = (await ari(sim, 'GET', `/api-docs/${name}.json`)).body as NonNullable<typeof doc>;
      for (const api of served.apis) {
        for (const op of api.operations)
          for (const p of op.parameters) expect(typeof p.dataType).toBe('string');
      }
    }
  });

  it('wants credentials: 401 with WWW-Authenticate, Basic or api_key accepted', async () => {
    const anonymous = await fetch(`${sim.url}/ari/api-docs/resources.json`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Asterisk REST Interface"');
    expect(await anonymous.json()).toEqual({ message: 'Authentication required' });
    const wrong = await fetch(`${sim.url}/ari/channels`, {
      headers: { Authorization: basicAuth('cagri', 'nope') },
    });
    expect(wrong.status).toBe(401);
    const apiKey = await fetch(`${sim.url}/ari/channels?api_key=cagri:cagri`);
    expect(apiKey.status).toBe(200);
  });

  it('REST bodies match the reference models', async () => {
    const models = referenceModels();
    const info = await ari(sim, 'GET', '/asterisk/info');
    expect(checkValue(models, 'AsteriskInfo', info.body, 'info')).toEqual([]);
    const ping = await ari(sim, 'GET', '/asterisk/ping');
    expect(checkValue(models, 'AsteriskPing', ping.body, 'ping')).toEqual([]);
    const endpoints = await ari(sim, 'GET', '/endpoints');
    expect(checkValue(models, 'List[Endpoint]', endpoints.body, 'endpoints')).toEqual([]);
    const bridge = await ari(sim, 'POST', '/bridges?type=holding&name=queue');
    expect(checkValue(models, 'Bridge', bridge.body, 'bridge')).toEqual([]);
    const leg = await ari(sim, 'POST', '/channels/create?endpoint=PJSIP/op1&app=cagri');
    expect(checkValue(models, 'Channel', leg.body, 'channel')).toEqual([]);
  });
});
