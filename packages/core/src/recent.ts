/**
 * A memo of the last few keys, by identity. The evaluator visits one resource
 * at a time, so what is derived from a resource (its attribute list, the tries
 * of its unknown and sensitive paths) is asked for again only while that
 * resource, or one it relates to, is being evaluated. Keeping the last few
 * instead of one per resource lets the rest die young: a WeakMap would keep
 * every resource's derived data as long as the resource lives.
 */
export class RecentMemo<K extends object, V> {
  private readonly keys: (K | undefined)[];
  private readonly values: (V | undefined)[];
  private next = 0;

  constructor(size: number) {
    this.keys = new Array<K | undefined>(size).fill(undefined);
    this.values = new Array<V | undefined>(size).fill(undefined);
  }

  get(key: K): V | undefined {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.values[i];
    return undefined;
  }

  set(key: K, value: V): void {
    this.keys[this.next] = key;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.keys.length;
  }
}
