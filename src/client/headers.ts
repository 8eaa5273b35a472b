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
  #fields: [string, string][] = [];

  constructor(init?: HeadersInit | null) {
    if (init == null) return;
    if (init instanceof Headers || isPairIterable(init)) {
      // A list is kept entry by entry: same-named fields apart stay apart, each with its spelling.
      for (const [name, value] of init as Iterable<readonly [string, HeaderValue]>) this.#fields.push([name, String(value)]);
      return;
    }
    for (const group of headerGroups(init)) {
      for (const value of group.values ?? []) this.#fields.push([group.name, value]);
    }
  }

  /** The values of a field joined with ", " (RFC 9110 §5.3), or null when absent. */
  get(name: string): string | null {
    const values = this.getAll(name);
    return values.length === 0 ? null : values.join(', ');
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.#fields.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
  }

  /** Every Set-Cookie value on its own: joining them with commas would break their dates. */
  getSetCookie(): string[] {
    return this.getAll('set-cookie');
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    return this.#fields.some(([n]) => n.toLowerCase() === key);
  }

  /** Replaces every value of `name`; the field keeps the place of its first occurrence. */
  set(name: string, value: HeaderValue | readonly HeaderValue[]): this {
    const values = (Array.isArray(value) ? value : [value]).map(String);
    const key = name.toLowerCase();
    const at = this.#fields.findIndex(([n]) => n.toLowerCase() === key);
    const rest = this.#fields.filter(([n]) => n.toLowerCase() !== key);
    const replacement = values.map((v): [string, string] => [name, v]);
    if (at < 0) this.#fields = [...rest, ...replacement];
    else {
      // Removing the other occurrences shifts nothing before the first one.
      rest.splice(at, 0, ...replacement);
      this.#fields = rest;
    }
    return this;
  }

  append(name: string, value: HeaderValue): this {
    this.#fields.push([name, String(value)]);
    return this;
  }

  delete(name: string): this {
    const key = name.toLowerCase();
    this.#fields = this.#fields.filter(([n]) => n.toLowerCase() !== key);
    return this;
  }

  get size(): number {
    return this.#fields.length;
  }

  /** Field names as spelled, once each, in order of first appearance. */
  keys(): string[] {
    const seen = new Set<string>();
    const names: string[] = [];
    for (const [n] of this.#fields) {
      if (seen.has(n.toLowerCase())) continue;
      seen.add(n.toLowerCase());
      names.push(n);
    }
    return names;
  }

  values(): string[] {
    return this.#fields.map(([, v]) => v);
  }

  entries(): [string, string][] {
    return this.#fields.map(([n, v]) => [n, v]);
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
