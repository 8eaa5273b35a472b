/**
 * A Zstandard frame (RFC 8878 §3.1.1) made of Raw blocks: valid zstd that any decoder reads, with
 * the bytes stored as they are. Node 20's zlib has no zstd compressor and the echo server only
 * needs to prove that a client decodes `Content-Encoding: zstd`, not to save bytes, so this
 * stands in for a compressor without a dependency.
 */

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** RFC 8878 §3.1.1.2: a block holds at most 128 KiB. */
const MAX_BLOCK = 128 * 1024;
/** Frame_Content_Size_flag 2 (a 4-byte size), Single_Segment_flag set (no window descriptor), no checksum, no dictionary. */
const DESCRIPTOR = (2 << 6) | (1 << 5);
const RAW_BLOCK = 0;

export function zstdRawFrame(content: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(content.length / MAX_BLOCK));
  const out = new Uint8Array(4 + 1 + 4 + blocks * 3 + content.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = DESCRIPTOR;
  view.setUint32(5, content.length, true);
  let at = 9;
  for (let i = 0; i < blocks; i++) {
    const part = content.subarray(i * MAX_BLOCK, (i + 1) * MAX_BLOCK);
    const last = i === blocks - 1 ? 1 : 0;
    // Block_Header: 3 bytes little-endian, Last_Block in bit 0, Block_Type in bits 1-2, Block_Size above.
    const header = last | (RAW_BLOCK << 1) | (part.length << 3);
    out[at] = header & 0xff;
    out[at + 1] = (header >>> 8) & 0xff;
    out[at + 2] = (header >>> 16) & 0xff;
    out.set(part, at + 3);
    at += 3 + part.length;
  }
  return out;
}
