// The bridge operations an IVR uses: waiting areas (holding) and caller-operator calls (mixing).
import { declaration, model, op, pathParam, query } from './builders.ts';

const bridgeId = pathParam('bridgeId');
const channelList = query('channel', 'string', { required: true, multiple: true });
const playParams = [
  query('media', 'string', { required: true, multiple: true }),
  query('lang'),
  query('offsetms', 'int'),
  query('skipms', 'int'),
];

export const bridgesDeclaration = declaration(
  'bridges',
  [
    {
      path: '/bridges',
      operations: [
        op('GET', 'list', 'List[Bridge]'),
        op('POST', 'create', 'Bridge', [query('type'), query('bridgeId'), query('name')]),
      ],
    },
    {
      path: '/bridges/{bridgeId}',
      operations: [
        op('POST', 'createWithId', 'Bridge', [query('type'), bridgeId, query('name')]),
        op('GET', 'get', 'Bridge', [bridgeId]),
        op('DELETE', 'destroy', 'void', [bridgeId]),
      ],
    },
    {
      path: '/bridges/{bridgeId}/addChannel',
      operations: [
        op('POST', 'addChannel', 'void', [
          bridgeId,
          channelList,
          query('role'),
          query('absorbDTMF', 'boolean'),
          query('mute', 'boolean'),
          query('inhibitConnectedLineUpdates', 'boolean'),
        ]),
      ],
    },
    {
      path: '/bridges/{bridgeId}/removeChannel',
      operations: [op('POST', 'removeChannel', 'void', [bridgeId, channelList])],
    },
    {
      path: '/bridges/{bridgeId}/moh',
      operations: [
        op('POST', 'startMoh', 'void', [bridgeId, query('mohClass')]),
        op('DELETE', 'stopMoh', 'void', [bridgeId]),
      ],
    },
    {
      path: '/bridges/{bridgeId}/play',
      operations: [op('POST', 'play', 'Playback', [bridgeId, ...playParams, query('playbackId')])],
    },
    {
      path: '/bridges/{bridgeId}/play/{playbackId}',
      operations: [op('POST', 'playWithId', 'Playback', [bridgeId, pathParam('playbackId'), ...playParams])],
    },
  ],
  [
    model(
      'Bridge',
      'id:string*',
      'technology:string*',
      'bridge_type:string*',
      'bridge_class:string*',
      'creator:string*',
      'name:string*',
      'channels:List[string]*',
      'video_mode:string',
      'creationtime:Date*',
    ),
  ],
);
