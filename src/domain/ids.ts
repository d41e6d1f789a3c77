// Branded identifiers: a channel id can never be passed where a callback id is expected.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Our id for one citizen call (also the primary key of `calls`). */
export type CallId = Brand<string, 'CallId'>;
/** Asterisk's channel id (`1795871407.5` or one we chose). */
export type ChannelId = Brand<string, 'ChannelId'>;
export type BridgeId = Brand<string, 'BridgeId'>;
export type PlaybackId = Brand<string, 'PlaybackId'>;
export type OperatorId = Brand<string, 'OperatorId'>;
export type ServiceId = Brand<string, 'ServiceId'>;
export type CallbackId = Brand<string, 'CallbackId'>;
export type MenuNodeId = Brand<string, 'MenuNodeId'>;

export const CallId = (s: string) => s as CallId;
export const ChannelId = (s: string) => s as ChannelId;
export const BridgeId = (s: string) => s as BridgeId;
export const PlaybackId = (s: string) => s as PlaybackId;
export const OperatorId = (s: string) => s as OperatorId;
export const ServiceId = (s: string) => s as ServiceId;
export const CallbackId = (s: string) => s as CallbackId;
export const MenuNodeId = (s: string) => s as MenuNodeId;
