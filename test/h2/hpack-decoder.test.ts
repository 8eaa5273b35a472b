/** The decoder on malformed and hostile input: always COMPRESSION_ERROR, never anything else. */
import { describe, expect, it } from 'vitest';
import { HpackDecoder } from '../../src/http/h2/index.js';
import { expectRemoteError, fromHex } from './support.js';

const decode = (hex: string, decoder = new HpackDecoder()) => decoder.decode(fromHex(hex));

describe('HPACK decoder: field representations', () => {
  it('reports each representation, the index used and the Huffman flags', () => {
    const block = [
      '82', // indexed :method GET
      '44', '03', '2f6162', // incremental, name :path (4), raw value "/ab"
      '04', '81', '63', // without indexing, name 4, Huffman "/"
      '10', '81', '1f', '81', '1f', // never indexed, Huffman literal name "a", Huffman value "a"
      '00', '01', '61', '01', '62', // without indexing, raw literal name "a", raw value "b"
      'be', // dynamic 62 = the :path /ab inserted above
    ].join('');
    expect(decode(block)).toEqual({
      tableSizeUpdates: [],
      fields: [
        { name: ':method', value: 'GET', representation: 'indexed', index: 2 },
        { name: ':path', value: '/ab', representation: 'incremental', index: 4, valueHuffman: false },
        { name: ':path', value: '/', representation: 'without', index: 4, valueHuffman: true },
        { name: 'a', value: 'a', representation: 'never', index: 0, nameHuffman: true, valueHuffman: true },
        { name: 'a', value: 'b', representation: 'without', index: 0, nameHuffman: false, valueHuffman: false },
        { name: ':path', value: '/ab', representation: 'indexed', index: 62 },
      ],
    });
  });

  it('keeps octets as latin1 characters, losslessly', () => {
    const [field] = decode('000178' + '03' + 'e9ff00').fields;
    expect(field!.value).toBe('\u00e9\u00ff\u0000');
  });

  it('decodes an empty block', () => {
    expect(decode('')).toEqual({ fields: [], tableSizeUpdates: [] });
  });
});

describe('HPACK decoder rejects malformed blocks with COMPRESSION_ERROR', () => {
  it.each([
    ['index 0', '80', /index 0/],
    ['an index past the empty dynamic table', 'be', /index 62 is beyond/],
    ['a literal whose name index is past the table', '7e0161', /index 62 is beyond/],
    ['a never-indexed literal with a bad name index', '1f3000', /beyond/],
    ['a truncated indexed integer', 'ff', /ends inside an integer continuation/],
    ['an integer whose continuation stops mid-way', 'ff80', /ends inside/],
    ['an integer over 2^32-1', 'ffffffffff0f', /integer overflow/],
    ['an integer padded with endless zero continuations', 'ff808080808000', /integer overflow/],
    ['a string longer than the block', '400561', /overruns/],
    ['a literal missing its value', '400161', /ends/],
    ['Huffman padding that is not EOS', '000161811e', /prefix of EOS/],
    ['Huffman padding of 8 bits', '00016181ff', /padding of 8 bits/],
    ['an EOS symbol in a Huffman string', '00016184ffffffff', /EOS/],
    ['a size update after a field', '8220', /after a header field/],
    ['a size update above SETTINGS_HEADER_TABLE_SIZE', '3fe21f', /exceeds SETTINGS_HEADER_TABLE_SIZE 4096/],
  ])('%s', (_what, hex, message) => {
    expectRemoteError(() => decode(hex), 'COMPRESSION_ERROR', message);
  });

  it('accepts a size update up to the limit, and several at the start', () => {
    const d = new HpackDecoder();
    expect(d.decode(fromHex('203fe11f82')).tableSizeUpdates).toEqual([0, 4096]);
    expect(d.tableMaxSize).toBe(4096);
  });

  it('a size update evicts what no longer fits', () => {
    const d = new HpackDecoder();
    d.decode(fromHex('400161016240016301644001650166')); // a:b, c:d, e:f (34 octets each)
    expect(d.tableSize).toBe(102);
    d.decode(fromHex('3f2b')); // 31 + 43 = 74: room for two
    expect(d.tableEntries).toEqual([{ name: 'e', value: 'f' }, { name: 'c', value: 'd' }]);
    d.decode(fromHex('20'));
    expect(d.tableEntries).toEqual([]);
  });

  it('after our limit drops below the table size, the next block must open with an update', () => {
    const lowered = () => {
      const d = new HpackDecoder();
      d.setTableSizeLimit(100);
      return d;
    };
    expectRemoteError(() => lowered().decode(fromHex('82')), 'COMPRESSION_ERROR', /expected a table size update to at most 100/);
    expectRemoteError(() => lowered().decode(fromHex('')), 'COMPRESSION_ERROR', /expected a table size update/);
    expectRemoteError(() => lowered().decode(fromHex('3f4682')), 'COMPRESSION_ERROR', /exceeds/); // 101 > limit
    const d = lowered();
    expect(d.decode(fromHex('3f4582')).tableSizeUpdates).toEqual([100]);
    expect(d.decode(fromHex('82')).fields).toHaveLength(1); // only the next block
  });

  it('raising our limit does not grow the table until the peer asks', () => {
    const d = new HpackDecoder();
    d.setTableSizeLimit(65536);
    expect(d.tableMaxSize).toBe(4096);
    expect(d.decode(fromHex('3fe1ff03')).tableSizeUpdates).toEqual([65536]);
    expect(d.tableMaxSize).toBe(65536);
  });

  it('enforces the header list size (RFC 9113 §6.5.2 accounting)', () => {
    const d = new HpackDecoder({ maxHeaderListSize: 84 }); // :method GET is 7 + 3 + 32 = 42
    expect(d.decode(fromHex('8282')).fields).toHaveLength(2);
    expectRemoteError(() => d.decode(fromHex('828282')), 'COMPRESSION_ERROR', /header list exceeds 84/);
  });

  it('enforces the string length, raw and Huffman-coded', () => {
    const d = () => new HpackDecoder({ maxStringLength: 4 });
    expect(d().decode(fromHex('0001610468656c6c')).fields[0]!.value).toBe('hell');
    expectRemoteError(() => d().decode(fromHex('0001610568656c6c6f')), 'COMPRESSION_ERROR', /exceeds the limit of 4/);
    expectRemoteError(() => d().decode(fromHex('0001618425a849e9')), 'COMPRESSION_ERROR', /longer than 4/); // "custo..."
    expectRemoteError(() => d().decode(fromHex('000568656c6c6f0161')), 'COMPRESSION_ERROR', /exceeds/); // long name
  });

  it('stays failed after an error (its table can no longer be trusted)', () => {
    const d = new HpackDecoder();
    const first = expectRemoteError(() => d.decode(fromHex('80')), 'COMPRESSION_ERROR');
    let again: unknown;
    try {
      d.decode(fromHex('82'));
    } catch (error) {
      again = error;
    }
    expect(again).toBe(first);
  });
});
