/**
 * Which `message` listeners a WebSocket has right now, as EventTarget itself sees them: a listener
 * added twice counts once (per capture flag), removing one never added changes nothing, and a
 * `once` listener or one whose `signal` aborts is gone when EventTarget drops it. The socket reads
 * this to decide whether a message is consumed at dispatch or kept for an iterator, so a count
 * that drifts would drop messages (a fired `once` listener still counted) or stall the socket.
 */
type Listener = NonNullable<Parameters<EventTarget['addEventListener']>[1]>;
type AddOptions = Parameters<EventTarget['addEventListener']>[2];
type RemoveOptions = Parameters<EventTarget['removeEventListener']>[2];

export class MessageListeners {
  /** Registered listener → its capture flags → what EventTarget holds (the listener or a wrapper). */
  readonly #registered = new Map<Listener, Map<boolean, Listener>>();
  #count = 0;

  get size(): number {
    return this.#count;
  }

  /**
   * Records an addEventListener('message', ...) and returns what to pass to EventTarget instead
   * of `listener` (a wrapper that forgets a `once` listener when it fires), or null when the pair
   * is registered already (EventTarget would ignore it).
   */
  add(listener: Listener, options: AddOptions): Listener | null {
    const capture = typeof options === 'boolean' ? options : options?.capture === true;
    const once = typeof options === 'object' && options.once === true;
    const signal = typeof options === 'object' ? options.signal : undefined;
    if (signal?.aborted) return null;
    let byCapture = this.#registered.get(listener);
    if (byCapture?.has(capture)) return null;
    const held: Listener = once
      ? (event: Event) => {
          this.forget(listener, capture);
          if (typeof listener === 'function') listener.call(event.currentTarget, event);
          else listener.handleEvent(event);
        }
      : listener;
    if (byCapture === undefined) this.#registered.set(listener, (byCapture = new Map()));
    byCapture.set(capture, held);
    this.#count++;
    signal?.addEventListener('abort', () => this.forget(listener, capture), { once: true });
    return held;
  }

  /** Records a removeEventListener('message', ...): what EventTarget holds for it, if anything. */
  remove(listener: Listener, options: RemoveOptions): Listener | null {
    const capture = typeof options === 'boolean' ? options : options?.capture === true;
    const held = this.#registered.get(listener)?.get(capture) ?? null;
    this.forget(listener, capture);
    return held;
  }

  forget(listener: Listener, capture: boolean): void {
    const byCapture = this.#registered.get(listener);
    if (byCapture?.delete(capture) !== true) return;
    this.#count--;
    if (byCapture.size === 0) this.#registered.delete(listener);
  }
}
