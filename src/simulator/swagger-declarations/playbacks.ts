import { declaration, model, op, pathParam } from './builders.ts';

const playbackId = pathParam('playbackId');

export const playbacksDeclaration = declaration(
  'playbacks',
  [
    {
      path: '/playbacks/{playbackId}',
      operations: [op('GET', 'get', 'Playback', [playbackId]), op('DELETE', 'stop', 'void', [playbackId])],
    },
  ],
  [
    model(
      'Playback',
      'id:string*',
      'media_uri:string*',
      'next_media_uri:string',
      'target_uri:string*',
      'language:string',
      'state:string*',
    ),
  ],
);
