import type { BridgeJson } from './ari-format.ts';
import { ariTimestamp } from './ari-format.ts';
import { ControlQueue } from './control-queue.ts';

export type BridgeType = 'holding' | 'mixing';

export class SimBridge {
  readonly channels: string[] = [];
  /** Bridge MOH plays through a hidden announcer channel that never appears in `channels` or events. */
  mohClass: string | null = null;
  /** The bridge's announcer channel runs its playbacks one after another, like a channel's queue. */
  readonly announcer = new ControlQueue();

  constructor(
    readonly id: string,
    readonly type: BridgeType,
    readonly name: string,
    readonly createdAt: number,
  ) {}

  add(channelId: string): void {
    if (!this.channels.includes(channelId)) this.channels.push(channelId);
  }

  remove(channelId: string): void {
    const i = this.channels.indexOf(channelId);
    if (i >= 0) this.channels.splice(i, 1);
  }

  toJson(): BridgeJson {
    return {
      id: this.id,
      // A mixing bridge in Stasis reports simple_bridge in the recordings, with 0, 1 or 2 members.
      technology: this.type === 'holding' ? 'holding_bridge' : 'simple_bridge',
      bridge_type: this.type,
      bridge_class: 'stasis',
      creator: 'Stasis',
      name: this.name,
      channels: [...this.channels],
      creationtime: ariTimestamp(this.createdAt),
      video_mode: 'talker',
    };
  }
}
