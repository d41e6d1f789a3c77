// Resources the IVR does not use. ari-client still loads every declaration listed in resources.json
// and needs one per resource type it knows (recordings, sounds, deviceStates, mailboxes), so each gets
// a read-only minimum that answers with empty lists and 404s.
import { declaration, model, op, pathParam } from './builders.ts';

export const recordingsDeclaration = declaration(
  'recordings',
  [
    { path: '/recordings/stored', operations: [op('GET', 'listStored', 'List[StoredRecording]')] },
    {
      path: '/recordings/stored/{recordingName}',
      operations: [op('GET', 'getStored', 'StoredRecording', [pathParam('recordingName')])],
    },
    {
      path: '/recordings/live/{recordingName}',
      operations: [op('GET', 'getLive', 'LiveRecording', [pathParam('recordingName')])],
    },
  ],
  [
    model('StoredRecording', 'name:string*', 'format:string*'),
    model('LiveRecording', 'name:string*', 'format:string*', 'target_uri:string*', 'state:string*'),
  ],
);

export const soundsDeclaration = declaration(
  'sounds',
  [
    { path: '/sounds', operations: [op('GET', 'list', 'List[Sound]')] },
    { path: '/sounds/{soundId}', operations: [op('GET', 'get', 'Sound', [pathParam('soundId')])] },
  ],
  [
    model('FormatLangPair', 'language:string*', 'format:string*'),
    model('Sound', 'id:string*', 'text:string', 'formats:List[FormatLangPair]*'),
  ],
);

export const deviceStatesDeclaration = declaration(
  'deviceStates',
  [
    { path: '/deviceStates', operations: [op('GET', 'list', 'List[DeviceState]')] },
    {
      path: '/deviceStates/{deviceName}',
      operations: [op('GET', 'get', 'DeviceState', [pathParam('deviceName')])],
    },
  ],
  [model('DeviceState', 'name:string*', 'state:string*')],
);

export const mailboxesDeclaration = declaration(
  'mailboxes',
  [
    { path: '/mailboxes', operations: [op('GET', 'list', 'List[Mailbox]')] },
    {
      path: '/mailboxes/{mailboxName}',
      operations: [op('GET', 'get', 'Mailbox', [pathParam('mailboxName')])],
    },
  ],
  [model('Mailbox', 'name:string*', 'old_messages:int*', 'new_messages:int*')],
);
