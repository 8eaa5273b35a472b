/**
 * Moving bytes between threads without copying them. A view can be transferred only when it
 * spans its whole ArrayBuffer: transferring the buffer under a slice (Node's 8 KiB Buffer pool,
 * a socket read buffer) would detach bytes that belong to someone else, so those are copied.
 */

/** The same bytes in a Uint8Array that owns its whole ArrayBuffer (copied only when it must be). */
export function ownedBytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = view;
  if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) {
    return new Uint8Array(buffer);
  }
  return new Uint8Array(view);
}

/** The ArrayBuffers to put in a transfer list for `bytes` (none for null or empty bodies). */
export function transferListFor(bytes: Uint8Array | null): ArrayBuffer[] {
  return bytes !== null && bytes.byteLength > 0 && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [];
}
