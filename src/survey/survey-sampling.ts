// Pure: which calls are asked. A call is in the sample when a hash of its id, read as a number
// in [0, 1), falls below the share; the same call id always gives the same answer.

/** FNV-1a (32 bit) of the id, scaled to [0, 1). */
export function sampleValue(callId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < callId.length; i++) {
    h ^= callId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

export function inSample(callId: string, share: number): boolean {
  if (share >= 1) return true;
  if (share <= 0) return false;
  return sampleValue(callId) < share;
}
