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

/**
 * Below this size a body is copied by the structured clone rather than moved: detaching an
 * ArrayBuffer and handing its backing store to another thread costs more than copying a few
 * kilobytes (a 100-byte API answer is the common case).
 */
export const TRANSFER_MIN_BYTES = 64 * 1024;

/** The ArrayBuffers to put in a transfer list for `bytes` (none for null, empty or small bodies). */
export function transferListFor(bytes: Uint8Array | null): ArrayBuffer[] {
  return bytes !== null && bytes.byteLength >= TRANSFER_MIN_BYTES && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [];
}
