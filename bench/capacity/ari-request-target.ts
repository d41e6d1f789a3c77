// Which caller an ARI REST request is about, read from its method and path — by the tap inside
// the engine's process (ari-tap.ts) and by the wire reader in a capture (ari-wire.ts) alike. A
// playback's own requests (stop) name only the playback: its owner is the channel whose play
// request named it.

export type AriRequestKind = 'play' | 'music' | 'stop' | 'other';

export interface AriRequestTarget {
  channel: string;
  kind: AriRequestKind;
  /** The playback a play request starts (the engine names every playback). */
  playbackId?: string;
}

export class AriRequestTargets {
  private readonly playbackOwner = new Map<string, string>();

  /** The caller `method path` is about, or undefined for a request about no caller. */
  of(method: string, requestPath: string): AriRequestTarget | undefined {
    if (!requestPath.startsWith('/ari/')) return undefined;
    const url = new URL(requestPath, 'http://ari');
    const parts = url.pathname.split('/'); // ['', 'ari', resource, id, ...]
    if (parts[2] === 'channels' && parts[3]) {
      const channel = decodeURIComponent(parts[3]);
      const playbackId = url.searchParams.get('playbackId') ?? undefined;
      if (parts[4] === 'play' && method === 'POST') {
        if (playbackId) this.playbackOwner.set(playbackId, channel);
        return { channel, kind: 'play', ...(playbackId ? { playbackId } : {}) };
      }
      if (parts[4] === 'moh' && method === 'POST') return { channel, kind: 'music' };
      return { channel, kind: 'other' };
    }
    if (parts[2] === 'bridges') {
      const channel = url.searchParams.get('channel')?.split(',')[0];
      return channel ? { channel, kind: 'other' } : undefined;
    }
    if (parts[2] === 'playbacks' && parts[3]) {
      const channel = this.playbackOwner.get(decodeURIComponent(parts[3]));
      return channel ? { channel, kind: method === 'DELETE' ? 'stop' : 'other' } : undefined;
    }
    return undefined;
  }

  clear(): void {
    this.playbackOwner.clear();
  }
}
