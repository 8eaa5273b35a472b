/**
 * RFC 7541 Appendix C, every example: the decoder must produce the header lists and dynamic
 * tables shown, and the encoder, given the policy the example implies, must produce the bytes.
 */
import { describe, expect, it } from 'vitest';
import { HpackDecoder, HpackEncoder, fixedPolicy, type FieldEncoding, type Representation } from '../../src/http/h2/index.js';
import { BlockReader, BlockWriter } from '../../src/http/h2/hpack/primitives.js';
import { fromHex, toHex } from './support.js';

type Fields = [string, string][];

interface Example {
  section: string;
  headers: Fields;
  hex: string;
  /** How each field arrived: [representation, index] (index of the field, or of its name; 0 = literal name). */
  reps: [Representation, number][];
  /** The dynamic table after the block, newest first, and its size. */
  table: Fields;
  size: number;
}

describe('C.1 integer representation', () => {
  it.each([
    [10, 5, '0a'],
    [1337, 5, '1f9a0a'],
    [42, 8, '2a'],
  ])('%i on a %i-bit prefix is %s', (value, prefix, hex) => {
    const w = new BlockWriter();
    w.integer(value, prefix, 0);
    expect(toHex(w.finish())).toBe(hex);
    expect(new BlockReader(fromHex(hex)).integer(prefix)).toBe(value);
  });
});

const plain = (indexing: FieldEncoding['indexing'], huffman: boolean): FieldEncoding => ({ indexing, huffman });

describe('C.2 header field representations (each on a fresh context)', () => {
  const cases: [string, Fields, string, FieldEncoding, [Representation, number], Fields][] = [
    ['C.2.1 literal with indexing', [['custom-key', 'custom-header']], '400a637573746f6d2d6b65790d637573746f6d2d686561646572', plain('incremental', false), ['incremental', 0], [['custom-key', 'custom-header']]],
    ['C.2.2 literal without indexing', [[':path', '/sample/path']], '040c2f73616d706c652f70617468', plain('without', false), ['without', 4], []],
    ['C.2.3 literal never indexed', [['password', 'secret']], '100870617373776f726406736563726574', plain('never', false), ['never', 0], []],
    ['C.2.4 indexed field', [[':method', 'GET']], '82', plain('incremental', false), ['indexed', 2], []],
  ];

  it.each(cases)('%s', (_name, headers, hex, encoding, rep, table) => {
    const decoded = new HpackDecoder().decode(fromHex(hex));
    expect(decoded.fields.map((f) => [f.name, f.value])).toEqual(headers);
    expect(decoded.fields.map((f) => [f.representation, f.index])).toEqual([rep]);
    expect(decoded.tableSizeUpdates).toEqual([]);

    const encoder = new HpackEncoder({ policy: fixedPolicy(encoding) });
    expect(toHex(encoder.encode(headers))).toBe(hex);
    expect(encoder.tableEntries.map((e) => [e.name, e.value])).toEqual(table);
  });

  it('C.2.1 reports the literal name and value as not Huffman-coded', () => {
    const [field] = new HpackDecoder().decode(fromHex('400a637573746f6d2d6b65790d637573746f6d2d686561646572')).fields;
    expect(field).toEqual({ name: 'custom-key', value: 'custom-header', representation: 'incremental', index: 0, nameHuffman: false, valueHuffman: false });
  });
});

const requests: Omit<Example, 'hex'>[] = [
  {
    section: 'first request',
    headers: [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']],
    reps: [['indexed', 2], ['indexed', 6], ['indexed', 4], ['incremental', 1]],
    table: [[':authority', 'www.example.com']],
    size: 57,
  },
  {
    section: 'second request',
    headers: [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']],
    reps: [['indexed', 2], ['indexed', 6], ['indexed', 4], ['indexed', 62], ['incremental', 24]],
    table: [['cache-control', 'no-cache'], [':authority', 'www.example.com']],
    size: 110,
  },
  {
    section: 'third request',
    headers: [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']],
    reps: [['indexed', 2], ['indexed', 7], ['indexed', 5], ['indexed', 63], ['incremental', 0]],
    table: [['custom-key', 'custom-value'], ['cache-control', 'no-cache'], [':authority', 'www.example.com']],
    size: 164,
  },
];

const date1 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const date2 = 'Mon, 21 Oct 2013 20:13:22 GMT';
const location = 'https://www.example.com';
const cookie = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';
const responses: Omit<Example, 'hex'>[] = [
  {
    section: 'first response',
    headers: [[':status', '302'], ['cache-control', 'private'], ['date', date1], ['location', location]],
    reps: [['incremental', 8], ['incremental', 24], ['incremental', 33], ['incremental', 46]],
    table: [['location', location], ['date', date1], ['cache-control', 'private'], [':status', '302']],
    size: 222,
  },
  {
    section: 'second response (evicts :status 302)',
    headers: [[':status', '307'], ['cache-control', 'private'], ['date', date1], ['location', location]],
    reps: [['incremental', 8], ['indexed', 65], ['indexed', 64], ['indexed', 63]],
    table: [[':status', '307'], ['location', location], ['date', date1], ['cache-control', 'private']],
    size: 222,
  },
  {
    section: 'third response (several evictions)',
    headers: [[':status', '200'], ['cache-control', 'private'], ['date', date2], ['location', location], ['content-encoding', 'gzip'], ['set-cookie', cookie]],
    reps: [['indexed', 8], ['indexed', 65], ['incremental', 33], ['indexed', 64], ['incremental', 26], ['incremental', 55]],
    table: [['set-cookie', cookie], ['content-encoding', 'gzip'], ['date', date2]],
    size: 215,
  },
];

const sequences: { section: string; tableSizeLimit: number; huffman: boolean; examples: Example[] }[] = [
  {
    section: 'C.3 requests without Huffman',
    tableSizeLimit: 4096,
    huffman: false,
    examples: [
      '828684410f7777772e6578616d706c652e636f6d',
      '828684be58086e6f2d6361636865',
      '828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565',
    ].map((hex, i) => ({ ...requests[i]!, hex })),
  },
  {
    section: 'C.4 requests with Huffman',
    tableSizeLimit: 4096,
    huffman: true,
    examples: [
      '828684418cf1e3c2e5f23a6ba0ab90f4ff',
      '828684be5886a8eb10649cbf',
      '828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf',
    ].map((hex, i) => ({ ...requests[i]!, hex })),
  },
  {
    section: 'C.5 responses without Huffman (SETTINGS_HEADER_TABLE_SIZE 256)',
    tableSizeLimit: 256,
    huffman: false,
    examples: [
      '4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d',
      '4803333037c1c0bf',
      '88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31',
    ].map((hex, i) => ({ ...responses[i]!, hex })),
  },
  {
    section: 'C.6 responses with Huffman (SETTINGS_HEADER_TABLE_SIZE 256)',
    tableSizeLimit: 256,
    huffman: true,
    examples: [
      '488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3',
      '4883640effc1c0bf',
      '88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007',
    ].map((hex, i) => ({ ...responses[i]!, hex })),
  },
];

describe.each(sequences)('$section', ({ tableSizeLimit, huffman, examples }) => {
  it('decodes each block into the header list and dynamic table shown', () => {
    const decoder = new HpackDecoder({ tableSizeLimit });
    for (const ex of examples) {
      const decoded = decoder.decode(fromHex(ex.hex));
      expect(decoded.fields.map((f) => [f.name, f.value]), ex.section).toEqual(ex.headers);
      expect(decoded.fields.map((f) => [f.representation, f.index]), ex.section).toEqual(ex.reps);
      for (const f of decoded.fields) if (f.representation !== 'indexed') expect(f.valueHuffman).toBe(huffman);
      expect(decoder.tableEntries.map((e) => [e.name, e.value]), ex.section).toEqual(ex.table);
      expect(decoder.tableSize, ex.section).toBe(ex.size);
    }
  });

  it('encodes each header list into exactly the bytes shown, with the same table', () => {
    const encoder = new HpackEncoder({ tableSizeLimit, policy: fixedPolicy({ indexing: 'incremental', huffman }) });
    for (const ex of examples) {
      expect(toHex(encoder.encode(ex.headers)), ex.section).toBe(ex.hex);
      expect(encoder.tableEntries.map((e) => [e.name, e.value]), ex.section).toEqual(ex.table);
      expect(encoder.tableSize, ex.section).toBe(ex.size);
    }
  });
});
