// The event models the simulator emits. ari-client looks up `models[event.type]` for every frame and
// crashes the process when the type is missing, so `SimEventType` (the only types the simulator can
// emit) is derived from this list: an event the declaration does not describe cannot be sent.
import { declaration, model, op, query, type SwaggerModel } from './builders.ts';

const eventModels = {
  StasisStart: model('StasisStart', 'args:List[string]*', 'channel:Channel*', 'replace_channel:Channel'),
  StasisEnd: model('StasisEnd', 'channel:Channel*'),
  ChannelCreated: model('ChannelCreated', 'channel:Channel*'),
  ChannelDestroyed: model(
    'ChannelDestroyed',
    'cause:int*',
    'cause_txt:string*',
    'tech_cause:int',
    'channel:Channel*',
  ),
  ChannelStateChange: model('ChannelStateChange', 'channel:Channel*'),
  ChannelDtmfReceived: model('ChannelDtmfReceived', 'digit:string*', 'duration_ms:int*', 'channel:Channel*'),
  ChannelHangupRequest: model(
    'ChannelHangupRequest',
    'cause:int',
    'tech_cause:int',
    'soft:boolean',
    'channel:Channel*',
  ),
  ChannelVarset: model('ChannelVarset', 'variable:string*', 'value:string*', 'channel:Channel'),
  ChannelDialplan: model(
    'ChannelDialplan',
    'channel:Channel*',
    'dialplan_app:string*',
    'dialplan_app_data:string*',
  ),
  ChannelCallerId: model(
    'ChannelCallerId',
    'caller_presentation:int*',
    'caller_presentation_txt:string*',
    'channel:Channel*',
  ),
  ChannelConnectedLine: model('ChannelConnectedLine', 'channel:Channel*'),
  ChannelEnteredBridge: model('ChannelEnteredBridge', 'bridge:Bridge*', 'channel:Channel'),
  ChannelLeftBridge: model('ChannelLeftBridge', 'bridge:Bridge*', 'channel:Channel*'),
  BridgeCreated: model('BridgeCreated', 'bridge:Bridge*'),
  BridgeDestroyed: model('BridgeDestroyed', 'bridge:Bridge*'),
  Dial: model(
    'Dial',
    'caller:Channel',
    'peer:Channel*',
    'forward:string',
    'forwarded:Channel',
    'dialstring:string',
    'dialstatus:string*',
  ),
  PlaybackStarted: model('PlaybackStarted', 'playback:Playback*'),
  PlaybackContinuing: model('PlaybackContinuing', 'playback:Playback*'),
  PlaybackFinished: model('PlaybackFinished', 'playback:Playback*'),
  ApplicationReplaced: model('ApplicationReplaced'),
} satisfies Record<string, SwaggerModel>;

export type SimEventType = keyof typeof eventModels;
export const SIM_EVENT_TYPES = Object.keys(eventModels) as SimEventType[];

const message: SwaggerModel = {
  ...model('Message', 'type:string*', 'asterisk_id:string'),
  subTypes: ['Event'],
  discriminator: 'type',
};
const event: SwaggerModel = {
  ...model('Event', 'application:string*', 'timestamp:Date*'),
  subTypes: SIM_EVENT_TYPES,
};

export const eventsDeclaration = declaration(
  'events',
  [
    {
      path: '/events',
      operations: [
        {
          ...op('GET', 'eventWebsocket', 'Message', [
            query('app', 'string', { required: true, multiple: true }),
            query('subscribeAll', 'boolean'),
          ]),
          upgrade: 'websocket',
        },
      ],
    },
  ],
  [message, event, ...Object.values(eventModels)],
);
