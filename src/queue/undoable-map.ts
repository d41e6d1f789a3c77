// One of the queue state's maps as an event's draft sees it: writes go straight into the state's
// own map (no copy per event: the copies grew with the queue, issue 15) and are remembered, so an
// event the machine refuses, or a step that throws, is rolled back and leaves the state as it was.

const ABSENT = Symbol('absent');

export class UndoableMap<K, V> implements ReadonlyMap<K, V> {
  /** The previous value of each key written (ABSENT: the key was not there), oldest first. */
  private readonly undo: Array<[K, V | typeof ABSENT]> = [];

  constructor(private readonly map: Map<K, V>) {}

  /** The state's map itself, with this event's writes. */
  result(): ReadonlyMap<K, V> {
    return this.map;
  }

  /** Puts back what the event changed, newest first. */
  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const [key, value] = this.undo[i]!;
      if (value === ABSENT) this.map.delete(key);
      else this.map.set(key, value);
    }
    this.undo.length = 0;
  }

  set(key: K, value: V): this {
    this.remember(key);
    this.map.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.map.has(key)) return false;
    this.remember(key);
    return this.map.delete(key);
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  get size(): number {
    return this.map.size;
  }

  keys(): MapIterator<K> {
    return this.map.keys();
  }

  values(): MapIterator<V> {
    return this.map.values();
  }

  entries(): MapIterator<[K, V]> {
    return this.map.entries();
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.map) fn.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.map.entries();
  }

  private remember(key: K): void {
    this.undo.push([key, this.map.has(key) ? (this.map.get(key) as V) : ABSENT]);
  }
}

/** The state's map to write into: a state built from plain ReadonlyMaps gets its own Map once. */
export function ownMap<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  return map instanceof Map ? map : new Map(map);
}
