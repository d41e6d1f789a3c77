// How a new leg is asked of Asterisk (`POST /channels/create`) and what the engine is told when
// Asterisk's answer describing it cannot be read.
import type { ChannelInfo, CreateChannelRequest } from '../telephony/telephony-port.ts';
import type { AriRestClient } from './ari-rest-client.ts';

type CreateParams = Parameters<AriRestClient['channels']['create']>[0];

export function createParams(req: CreateChannelRequest, app: string): CreateParams {
  const variables: Record<string, string> = { ...req.variables };
  // `/channels/create` has no callerId parameter (originate has). The callee is shown the new
  // leg's connected line (chan_pjsip builds From from it), so both are set, as originate does.
  if (req.callerId) {
    variables['CALLERID(all)'] = req.callerId;
    variables['CONNECTEDLINE(all)'] = req.callerId;
  }
  const appArgs = req.appArgs.join(',');
  return {
    endpoint: req.endpoint,
    app,
    channelId: req.channelId,
    ...(appArgs ? { appArgs } : {}),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
  };
}

/** The leg exists in Asterisk even though its description was unreadable: what we asked for. */
export function fallbackChannelInfo(req: CreateChannelRequest, now: number): ChannelInfo {
  return {
    id: req.channelId,
    name: req.endpoint,
    state: 'Down',
    callerNumber: '',
    callerName: '',
    exten: '',
    language: '',
    createdAt: now,
  };
}
