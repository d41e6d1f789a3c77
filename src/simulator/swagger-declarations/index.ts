// What `/ari/api-docs/*` serves. Asterisk rewrites `basePath` to `http://<Host header>/ari` in every
// document (res_ari.c), and ari-client sends every REST call there, so we do the same per request.
import { applicationsDeclaration } from './applications.ts';
import { asteriskDeclaration } from './asterisk.ts';
import { bridgesDeclaration } from './bridges.ts';
import type { ApiDeclaration } from './builders.ts';
import { channelsDeclaration } from './channels.ts';
import { endpointsDeclaration } from './endpoints.ts';
import { eventsDeclaration } from './events.ts';
import {
  deviceStatesDeclaration,
  mailboxesDeclaration,
  recordingsDeclaration,
  soundsDeclaration,
} from './minor-resources.ts';
import { playbacksDeclaration } from './playbacks.ts';

export const ARI_API_VERSION = '10.0.0';

/** Keyed by the name ari-client gives the resource (`client.channels`, `client.deviceStates`, …). */
export const DECLARATIONS: Readonly<Record<string, ApiDeclaration>> = {
  asterisk: asteriskDeclaration,
  endpoints: endpointsDeclaration,
  channels: channelsDeclaration,
  bridges: bridgesDeclaration,
  recordings: recordingsDeclaration,
  sounds: soundsDeclaration,
  playbacks: playbacksDeclaration,
  deviceStates: deviceStatesDeclaration,
  mailboxes: mailboxesDeclaration,
  events: eventsDeclaration,
  applications: applicationsDeclaration,
};

export interface ResourceListing {
  apiVersion: string;
  swaggerVersion: '1.2';
  basePath: string;
  apis: Array<{ path: string; description: string }>;
}

export function resourceListing(basePath: string, declarations = DECLARATIONS): ResourceListing {
  return {
    apiVersion: ARI_API_VERSION,
    // "1.2" makes swagger-client take its current code path and skip the deprecation log line.
    swaggerVersion: '1.2',
    basePath,
    apis: Object.keys(declarations).map((name) => ({
      path: `/api-docs/${name}.{format}`,
      description: `${name} resources`,
    })),
  };
}

export function declarationFor(name: string, basePath: string): ApiDeclaration | undefined {
  const doc = DECLARATIONS[name];
  return doc ? { ...doc, basePath } : undefined;
}

export type { ApiDeclaration } from './builders.ts';
