// How the far ends of outbound calls behave (operators' phones, the trunk), and the record of every
// outbound call the engine placed.
import { z } from 'zod';

export const endpointScriptSchema = z
  .object({
    /**
     * after: rings `afterMs`, then answers; busy: 486 (after `afterMs`); never: rings until the
     * timeout; unavailable: no phone registered, so Asterisk cannot even create the channel
     * (chan_pjsip: "No URI available. Is endpoint registered?"): create and originate answer 500.
     */
    answer: z.enum(['after', 'busy', 'never', 'unavailable']),
    afterMs: z.number().int().min(0).max(86_400_000).optional(),
    hangupAfterMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .strict();

export type EndpointScript = z.infer<typeof endpointScriptSchema>;

/** Unscripted phones ring for a second, then answer and stay up. */
export const DEFAULT_SCRIPT: EndpointScript = { answer: 'after', afterMs: 1000 };

export type OriginationResult =
  | 'dialing'
  | 'ringing'
  | 'answered'
  | 'busy'
  | 'noanswer'
  | 'cancelled'
  | 'failed';

export interface Origination {
  channelId: string;
  endpoint: string;
  dialString: string;
  via: 'originate' | 'create';
  app: string | null;
  appArgs: string[];
  callerId: { name: string; number: string };
  /** `caller` of `/dial` (the channel the leg was dialled for), if any. */
  callerChannelId: string | null;
  placedAt: string;
  result: OriginationResult;
  endedAt: string | null;
}

export interface ResolvedEndpoint {
  /** The configured endpoint the call goes through (`PJSIP/trunk` for `PJSIP/<number>@trunk`). */
  endpoint: string;
  /** What Asterisk reports as `dialstring` (`op1`, `+994501234567@trunk`). */
  dialString: string;
  /** Name prefix of the channel: `PJSIP/op1`. */
  channelPrefix: string;
}

export class EndpointDirectory {
  private readonly scripts = new Map<string, EndpointScript>();

  constructor(readonly endpoints: readonly string[]) {}

  /** `PJSIP/op1` or `PJSIP/<number>@trunk`; undefined when Asterisk could not allocate a channel. */
  resolve(dial: string): ResolvedEndpoint | undefined {
    const slash = dial.indexOf('/');
    if (slash <= 0) return undefined;
    const tech = dial.slice(0, slash);
    const rest = dial.slice(slash + 1);
    const at = rest.lastIndexOf('@');
    const resource = at >= 0 ? rest.slice(at + 1) : rest;
    if (!resource || (at >= 0 && at === 0)) return undefined;
    const endpoint = `${tech}/${resource}`;
    if (!this.endpoints.includes(endpoint)) return undefined;
    return { endpoint, dialString: rest, channelPrefix: endpoint };
  }

  /** Scripts apply to an exact dial target first (`PJSIP/+99450…@trunk`), then to its endpoint. */
  scriptFor(dial: string, endpoint: string): EndpointScript {
    return this.scripts.get(dial) ?? this.scripts.get(endpoint) ?? DEFAULT_SCRIPT;
  }

  setScript(target: string, script: EndpointScript): void {
    this.scripts.set(target, script);
  }

  scriptsSnapshot(): Record<string, EndpointScript> {
    return Object.fromEntries(this.scripts);
  }
}
