/**
 * The HTTP/2 wire codec: frames (RFC 9113) and HPACK (RFC 7541). Pure functions and small
 * stateful codecs over bytes; no sockets, no timers. The session layer builds on these.
 */
export {
  CLIENT_PREFACE,
  DEFAULT_MAX_FRAME_SIZE,
  ErrorCode,
  FRAME_HEADER_LENGTH,
  FrameFlag,
  FrameType,
  MAX_ALLOWED_FRAME_SIZE,
  MAX_WINDOW_SIZE,
  SettingsId,
  errorCodeName,
} from './frame-types.js';
export type {
  ContinuationFrame,
  DataFrame,
  ErrorCodeName,
  Frame,
  FrameHeader,
  FrameTypeName,
  GoawayFrame,
  HeadersFrame,
  PingFrame,
  Priority,
  PriorityFrame,
  PushPromiseFrame,
  RstStreamFrame,
  Setting,
  SettingsFrame,
  UnknownFrame,
  WindowUpdateFrame,
} from './frame-types.js';
export { decodeFrame, decodeFrameHeader, encodeFrame, encodeFrameRaw } from './frames.js';
export { FrameReader, type FrameReaderOptions } from './frame-reader.js';

export { HpackEncoder, type HeaderField, type HpackEncoderOptions } from './hpack/encoder.js';
export { HpackDecoder, type HpackDecoderOptions } from './hpack/decoder.js';
export { chromePolicy, firefoxPolicy, fixedPolicy } from './hpack/policies.js';
export { DEFAULT_HEADER_TABLE_SIZE, type TableEntry } from './hpack/dynamic-table.js';
export { huffmanDecode, huffmanEncode, huffmanEncodedLength } from './hpack/huffman.js';
export { STATIC_TABLE } from './hpack/static-table.js';
export type {
  DecodedField,
  DecodedHeaderBlock,
  EncodingPolicy,
  FieldEncoding,
  HuffmanChoice,
  Indexing,
  Representation,
  TableState,
} from './hpack/representation.js';
