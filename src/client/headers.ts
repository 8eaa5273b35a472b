/**
 * An ordered multi-map of header fields. Order matters on the wire (a browser's fields come in a
 * fixed order) and so does spelling over HTTP/1.1, so both are kept exactly as given; lookups
 * ignore case, as HTTP field names do.
 */

export type HeaderValue = string | number | boolean;

/**
 * What a caller may give as headers. A record's `null` value removes that field (a profile
 * default, say) when merged over other headers.
 */
export type HeadersInit =
  | Headers
  | Iterable<readonly [string, HeaderValue]>
  | Readonly<Record<string, HeaderValue | readonly HeaderValue[] | null | undefined>>;

/** One field group of a HeadersInit: a lower-case key, the spelling given, values (null = remove). */
export interface HeaderGroup {
  key: string;
  name: string;
  values: string[] | null;
}

export class Headers implements Iterable<[string, string]> {
  /** Names as spelled, values, and the lower-case names lookups compare (kept side by side). */
  #names: string[] = [];
  #values: string[] = [];
  #keys: string[] = [];

  constructor(init?: HeadersInit | null) {
    if (init == null) return;
    if (init instanceof Headers) {
      this.#names = init.#names.slice();
      this.#values = init.#values.slice();
      this.#keys = init.#keys.slice();
      return;
    }
    if (isPairIterable(init)) {
      // A list is kept entry by entry: same-named fields apart stay apart, each with its spelling.
      for (const [name, value] of init as Iterable<readonly [string, HeaderValue]>) this.append(name, value);
      return;
    }
    for (const group of headerGroups(init)) {
      for (const value of group.values ?? []) this.append(group.name, value);
    }
  }

  /** The values of a field joined with ", " (RFC 9110 §5.3), or null when absent. */
  get(name: string): string | null {
    const key = name.toLowerCase();
    const keys = this.#keys;
    let joined: string | null = null;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) joined = joined === null ? this.#values[i]! : `${joined}, ${this.#values[i]!}`;
    }
    return joined;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const keys = this.#keys;
    const out: string[] = [];
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) out.push(this.#values[i]!);
    return out;
  }

  /** Every Set-Cookie value on its own: joining them with commas would break their dates. */
  getSetCookie(): string[] {
    return this.getAll('set-cookie');
  }

  has(name: string): boolean {
    return this.#keys.includes(name.toLowerCase());
  }

  /** Replaces every value of `name`; the field keeps the place of its first occurrence. */
  set(name: string, value: HeaderValue | readonly HeaderValue[]): this {
    const values = Array.isArray(value) ? (value as readonly HeaderValue[]).map(String) : [String(value as HeaderValue)];
    const key = name.toLowerCase();
    const at = this.#keys.indexOf(key);
    if (at < 0) {
      for (const v of values) this.append(name, v);
      return this;
    }
    // Removing the other occurrences shifts nothing before the first one.
    this.delete(name);
    this.#names.splice(at, 0, ...values.map(() => name));
    this.#values.splice(at, 0, ...values);
    this.#keys.splice(at, 0, ...values.map(() => key));
    return this;
  }

  append(name: string, value: HeaderValue): this {
    this.#names.push(name);
    this.#values.push(String(value));
    this.#keys.push(name.toLowerCase());
    return this;
  }

  delete(name: string): this {
    const key = name.toLowerCase();
    if (!this.#keys.includes(key)) return this;
    const names: string[] = [];
    const values: string[] = [];
    const keys: string[] = [];
    for (let i = 0; i < this.#keys.length; i++) {
      if (this.#keys[i] === key) continue;
      names.push(this.#names[i]!);
      values.push(this.#values[i]!);
      keys.push(this.#keys[i]!);
    }
    this.#names = names;
    this.#values = values;
    this.#keys = keys;
    return this;
  }

  get size(): number {
    return this.#names.length;
  }

  /** Field names as spelled, once each, in order of first appearance. */
  keys(): string[] {
    const seen = new Set<string>();
    const names: string[] = [];
    for (let i = 0; i < this.#keys.length; i++) {
      if (seen.has(this.#keys[i]!)) continue;
      seen.add(this.#keys[i]!);
      names.push(this.#names[i]!);
    }
    return names;
  }

  values(): string[] {
    return this.#values.slice();
  }

  entries(): [string, string][] {
    const out: [string, string][] = new Array(this.#names.length);
    for (let i = 0; i < out.length; i++) out[i] = [this.#names[i]!, this.#values[i]!];
    return out;
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }

  copy(): Headers {
    return new Headers(this);
  }

  /** A plain object (first spelling of each name, values joined), for logging and JSON. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of this.keys()) out[name] = this.get(name)!;
    return out;
  }
}

/** Splits any HeadersInit into field groups, in order, same-named fields together. */
export function headerGroups(init: HeadersInit): HeaderGroup[] {
  const groups = new Map<string, HeaderGroup>();
  const add = (name: string, values: string[] | null): void => {
    const key = name.toLowerCase();
    const group = groups.get(key);
    if (!group || values === null || group.values === null) groups.set(key, { key, name: group?.name ?? name, values });
    else group.values.push(...values);
  };
  if (init instanceof Headers || isPairIterable(init)) {
    for (const [name, value] of init as Iterable<readonly [string, HeaderValue]>) add(name, [String(value)]);
  } else {
    for (const [name, value] of Object.entries(init)) {
      if (value === undefined) continue;
      add(name, value === null ? null : (Array.isArray(value) ? value : [value]).map(String));
    }
  }
  return [...groups.values()];
}

function isPairIterable(init: HeadersInit): boolean {
  return typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Whether a value is a list of [name, value] pairs rather than a list of header sets. */
export function isHeaderPairList(value: readonly unknown[]): boolean {
  return value.every((item) => Array.isArray(item) && item.length === 2 && typeof item[0] === 'string');
}
