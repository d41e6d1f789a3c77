// Timelines kept per channel by the tap (ari-tap.ts) and the wire reader (ari-wire.ts), in the
// order they were seen.
export function appendTo<T>(byChannel: Map<string, T[]>, channel: string, item: T): void {
  const list = byChannel.get(channel);
  if (list) list.push(item);
  else byChannel.set(channel, [item]);
}
