/**
 * Rotators, as in tls_requests: a pool of client identifiers, proxies or header sets handed out
 * one per request by a strategy: `round_robin` (in turn), `random` (uniform) or `weighted`
 * (by each item's `weight`; a proxy's weight follows its successes and failures).
 */
import { readFileSync } from 'node:fs';
import { findProfile } from '../profiles/registry.js';
import type { Profile } from '../profiles/types.js';
import { RotatorError } from './client-errors.js';
import { Headers, type HeadersInit } from './headers.js';
import { Proxy, type ProxyDict } from './proxy.js';

export type RotationStrategy = 'round_robin' | 'random' | 'weighted';

export interface RotatorOptions {
  strategy?: RotationStrategy;
  /** A source of numbers in [0, 1); Math.random by default (tests pass a fixed sequence). */
  random?: () => number;
}

export class BaseRotator<T> implements Iterable<T> {
  items: T[];
  strategy: RotationStrategy;
  readonly #random: () => number;
  #cursor = 0;

  constructor(items: Iterable<T>, options: RotatorOptions & { strategy: RotationStrategy }) {
    this.items = [...items];
    this.strategy = options.strategy;
    this.#random = options.random ?? Math.random;
    if (!['round_robin', 'random', 'weighted'].includes(this.strategy)) throw new RotatorError(`unknown rotation strategy "${this.strategy}"`);
  }

  next(): T {
    if (this.items.length === 0) throw new RotatorError('the rotator is empty');
    switch (this.strategy) {
      case 'round_robin':
        return this.items[this.#cursor++ % this.items.length]!;
      case 'random':
        return this.items[Math.floor(this.#random() * this.items.length)]!;
      case 'weighted':
        return this.#weighted();
    }
  }

  add(item: T): void {
    this.items.push(item);
  }

  remove(item: T): void {
    this.items = this.items.filter((i) => i !== item);
  }

  get size(): number {
    return this.items.length;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }

  #weighted(): T {
    const weights = this.items.map((item) => weightOf(item));
    let point = this.#random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < this.items.length; i++) {
      point -= weights[i]!;
      if (point < 0) return this.items[i]!;
    }
    return this.items[this.items.length - 1]!;
  }
}

function weightOf(item: unknown): number {
  const weight = typeof item === 'object' && item !== null && 'weight' in item ? Number((item as { weight: unknown }).weight) : 1;
  return Number.isFinite(weight) && weight > 0 ? weight : 0;
}

/**
 * A rotator's items from a file (JSON array, or text with one item per line and "#" comments)
 * or from a list: tls_requests' `from_file`.
 */
export function readRotatorSource(source: string | readonly unknown[]): unknown[] {
  if (typeof source !== 'string') return [...source];
  const text = readFileSync(source, 'utf8');
  if (source.toLowerCase().endsWith('.json')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new RotatorError(`${source}: expected a JSON array`);
    return parsed;
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.split('#', 1)[0]!.trim())
    .filter((line) => line !== '');
}

/** tls_requests' default rotation (its TLS_IDENTIFIER_TEMPLATES): desktop and iOS browsers. */
const DEFAULT_IDENTIFIERS = [
  'chrome_120',
  'chrome_124',
  'chrome_131',
  'chrome_133',
  'firefox_120',
  'firefox_123',
  'firefox_132',
  'firefox_133',
  'safari_16_0',
  'safari_ios_16_0',
  'safari_ios_17_0',
  'safari_ios_18_0',
  'safari_ios_18_5',
];

/** Browser profiles by name or value, in turn; by default tls_requests' list (those we ship). */
export class TLSIdentifierRotator extends BaseRotator<string | Profile> {
  constructor(items?: Iterable<string | Profile> | null, options: RotatorOptions = {}) {
    super(items ?? DEFAULT_IDENTIFIERS.filter((id) => findProfile(id) !== undefined), { ...options, strategy: options.strategy ?? 'round_robin' });
  }

  static fromFile(source: string | readonly unknown[], options: RotatorOptions = {}): TLSIdentifierRotator {
    return new TLSIdentifierRotator(
      readRotatorSource(source).map((item) => {
        if (typeof item === 'string' || (typeof item === 'object' && item !== null && 'tls' in item)) return item as string | Profile;
        throw new RotatorError(`not a client identifier: ${JSON.stringify(item)}`);
      }),
      options,
    );
  }
}

/** Proxies; weighted by default, as tls_requests documents (its code picks at random). */
export class ProxyRotator extends BaseRotator<Proxy> {
  constructor(items: Iterable<Proxy | string | ProxyDict>, options: RotatorOptions = {}) {
    super([...items].map(toProxy), { ...options, strategy: options.strategy ?? 'weighted' });
  }

  static fromFile(source: string | readonly unknown[], options: RotatorOptions = {}): ProxyRotator {
    return new ProxyRotator(
      readRotatorSource(source).map((item) => {
        if (typeof item === 'string' || item instanceof Proxy || (typeof item === 'object' && item !== null && 'url' in item)) return item as string | Proxy | ProxyDict;
        throw new RotatorError(`not a proxy: ${JSON.stringify(item)}`);
      }),
      options,
    );
  }

  override next(): Proxy {
    const proxy = super.next();
    proxy.lastUsed = Date.now();
    return proxy;
  }

  override add(item: Proxy | string | ProxyDict): void {
    super.add(toProxy(item));
  }

  /**
   * Records how a request through `proxy` went. The client calls it after each request: success
   * is 200..499 except 407, as in tls_requests, and `latencyMs` is the response's `elapsed`.
   */
  markResult(proxy: Proxy, success: boolean, latencyMs?: number): void {
    if (success) proxy.markSuccess(latencyMs);
    else proxy.markFailed();
  }
}

function toProxy(item: Proxy | string | ProxyDict): Proxy {
  if (item instanceof Proxy) return item;
  if (typeof item === 'string') return Proxy.fromString(item);
  return Proxy.fromDict(item);
}

/**
 * Header sets, random by default. There are no built-in sets: the client's profile already
 * supplies a browser's headers, and a set whose User-Agent names another browser than the TLS
 * fingerprint would give the request away.
 */
export class HeaderRotator extends BaseRotator<Headers> {
  constructor(items: Iterable<HeadersInit>, options: RotatorOptions = {}) {
    super([...items].map((h) => new Headers(h)), { ...options, strategy: options.strategy ?? 'random' });
  }

  static fromFile(source: string | readonly unknown[], options: RotatorOptions = {}): HeaderRotator {
    return new HeaderRotator(
      readRotatorSource(source).map((item) => {
        if (typeof item === 'object' && item !== null) return item as HeadersInit;
        throw new RotatorError(`not a header set: ${JSON.stringify(item)}`);
      }),
      options,
    );
  }

  /** A copy of the next set, its User-Agent replaced when one is given. */
  override next(userAgent?: string): Headers {
    const headers = super.next().copy();
    if (userAgent) headers.set('User-Agent', userAgent);
    return headers;
  }
}
