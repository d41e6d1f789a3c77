// What a REST handler returns: a status, an optional JSON body, and work to do only after the
// response has been written (Asterisk answers some requests before the events they cause).

export interface AriReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the HTTP response is on the wire (e.g. the StasisStart of a created channel). */
  after?: () => void;
}

export const ok = (body: unknown, after?: () => void): AriReply => ({ status: 200, body, after });
export const noContent = (after?: () => void): AriReply => ({ status: 204, after });

/** Asterisk's error body: `{"message": "<exact text>"}` (ast_ari_response_error). */
export const ariError = (status: number, message: string): AriReply => ({ status, body: { message } });

/** Allocation failures use the key `error`, not `message` (res_ari.c). */
export const allocationFailed = (): AriReply => ({ status: 500, body: { error: 'Allocation failed' } });

export const channelNotFound = () => ariError(404, 'Channel not found');
export const notInStasis = () => ariError(409, 'Channel not in Stasis application');
export const invalidState = () => ariError(412, 'Channel in invalid state');
export const bridgeNotFound = () => ariError(404, 'Bridge not found');
export const playbackNotFound = () => ariError(404, 'Playback not found');

/** A control-API (`/sim/*`) refusal: a 4xx with a reason a person can act on. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
