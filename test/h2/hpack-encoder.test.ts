/** The encoder's per-field control, its table-size updates, and its table staying in step with a decoder. */
import { describe, expect, it } from 'vitest';
import {
  HpackDecoder,
  HpackEncoder,
  chromePolicy,
  firefoxPolicy,
  fixedPolicy,
  type EncodingPolicy,
  type FieldEncoding,
  type HeaderField,
} from '../../src/http/h2/index.js';
import { Rng, toHex } from './support.js';

const one = (encoding: FieldEncoding, fields: HeaderField[], encoder = new HpackEncoder()) => toHex(encoder.encode(fields, fixedPolicy(encoding)));

describe('HPACK encoder: per-field representation', () => {
  it('emits each literal representation with the right prefix', () => {
    expect(one({ indexing: 'incremental', huffman: false }, [['x', 'y']])).toBe('4001780179');
    expect(one({ indexing: 'without', huffman: false }, [['x', 'y']])).toBe('0001780179');
    expect(one({ indexing: 'never', huffman: false }, [['x', 'y']])).toBe('1001780179');
  });

  it('controls Huffman for the name and the value separately', () => {
    // "custom-key" Huffman is 25a849e95ba97d7f (8 octets), "a" is 1f
    expect(one({ indexing: 'without', huffman: true }, [['custom-key', 'a']])).toBe('008825a849e95ba97d7f811f');
    expect(one({ indexing: 'without', huffman: false, nameHuffman: true }, [['custom-key', 'a']])).toBe('008825a849e95ba97d7f0161');
    expect(one({ indexing: 'without', huffman: true, nameHuffman: false }, [['custom-key', 'a']])).toBe('000a637573746f6d2d6b6579811f');
  });

  it("'shorter' uses Huffman only when strictly shorter", () => {
    expect(one({ indexing: 'without', huffman: 'shorter' }, [['accept', '?0']])).toBe('0f0402' + '3f30'); // 2 = 2: raw
    expect(one({ indexing: 'without', huffman: 'shorter' }, [['accept', 'aaa']])).toBe('0f04' + '82' + '18c7'); // 2 < 3
    expect(one({ indexing: 'without', huffman: true }, [['accept', '?0']])).toBe('0f04' + '82' + 'ff01'); // Firefox style
  });

  it('uses a full table match as an indexed field unless told not to', () => {
    expect(one({ indexing: 'without', huffman: false }, [[':path', '/']])).toBe('84');
    expect(one({ indexing: 'without', huffman: false, useIndexedField: false }, [[':path', '/']])).toBe('0401' + '2f');
    expect(one({ indexing: 'never', huffman: false }, [['accept-encoding', 'gzip, deflate']])).toBe('1f01' + '0d677a69702c206465666c617465');
    expect(one({ indexing: 'never', huffman: false, useIndexedField: true }, [['accept-encoding', 'gzip, deflate']])).toBe('90');
  });

  it('picks the first, the last (Firefox scan) or no name reference', () => {
    const rows: [FieldEncoding['nameReference'], string][] = [
      ['first', '04'],
      ['last', '05'],
      ['literal', '00053a70617468'],
    ];
    for (const [nameReference, prefix] of rows) expect(one({ indexing: 'without', huffman: false, nameReference }, [[':path', '/x']])).toBe(prefix + '022f78');

    // In the dynamic table: x-a:2 at 62, x-a:1 at 63.
    const encoder = new HpackEncoder({ policy: fixedPolicy({ indexing: 'incremental', huffman: false }) });
    encoder.encode([['x-a', '1'], ['x-a', '2']]);
    expect(one({ indexing: 'without', huffman: false, nameReference: 'first' }, [['x-a', '3']], encoder)).toBe('0f2f0133');
    expect(one({ indexing: 'without', huffman: false, nameReference: 'last' }, [['x-a', '3']], encoder)).toBe('0f300133');
    // Firefox's scan stops at the first exact match, which names the literal.
    expect(one({ indexing: 'without', huffman: false, nameReference: 'last', useIndexedField: false }, [['x-a', '2']], encoder)).toBe('0f2f0132');
  });

  it('inserts only incrementally indexed fields', () => {
    const encoder = new HpackEncoder();
    encoder.encode([['a', '1']], fixedPolicy({ indexing: 'without', huffman: false }));
    encoder.encode([['b', '2']], fixedPolicy({ indexing: 'never', huffman: false }));
    expect(encoder.tableEntries).toEqual([]);
    encoder.encode([['c', '3']], fixedPolicy({ indexing: 'incremental', huffman: false }));
    expect(encoder.tableEntries).toEqual([{ name: 'c', value: '3' }]);
  });

  it('an entry larger than the table empties it and is not inserted (§4.4)', () => {
    const encoder = new HpackEncoder({ tableSizeLimit: 64, policy: fixedPolicy({ indexing: 'incremental', huffman: false }) });
    encoder.encode([['a', 'b']]);
    expect(encoder.tableSize).toBe(34);
    encoder.encode([['big', 'x'.repeat(40)]]);
    expect(encoder.tableEntries).toEqual([]);
  });

  it('refuses characters that are not octets', () => {
    expect(() => new HpackEncoder().encode([['x', 'caf\u00e9']])).not.toThrow();
    expect(() => new HpackEncoder().encode([['x', '\u20ac']])).toThrow(TypeError);
  });
});

describe('HPACK encoder: dynamic table size updates', () => {
  const lit = fixedPolicy({ indexing: 'incremental', huffman: false });

  it('signals a size change at the start of the next block only', () => {
    const encoder = new HpackEncoder({ policy: lit });
    encoder.setTableSize(256);
    expect(toHex(encoder.encode([[':method', 'GET']]))).toBe('3fe101' + '82');
    expect(toHex(encoder.encode([[':method', 'GET']]))).toBe('82');
  });

  it('signals the lowest size first when the size went down and back up (§4.2)', () => {
    const encoder = new HpackEncoder({ policy: lit });
    encoder.encode([['a', 'b']]);
    encoder.setTableSize(0);
    encoder.setTableSize(100);
    expect(encoder.tableEntries).toEqual([]);
    expect(toHex(encoder.encode([]))).toBe('20' + '3f45');
  });

  it('emits an update on demand even when the size is unchanged', () => {
    const encoder = new HpackEncoder({ policy: lit });
    encoder.setTableSize(4096);
    expect(toHex(encoder.encode([]))).toBe('3fe11f');
  });

  it('follows the peer limit like Chrome: equal is a no-op, a change is signalled', () => {
    const encoder = new HpackEncoder({ policy: lit });
    encoder.setTableSizeLimit(4096);
    expect(toHex(encoder.encode([]))).toBe('');
    encoder.setTableSizeLimit(65536);
    expect(toHex(encoder.encode([]))).toBe('3fe1ff03');
    encoder.setTableSizeLimit(1024);
    expect(toHex(encoder.encode([]))).toBe('3fe107');
  });

  it('without followLimit, shrinks only when the table no longer fits', () => {
    const encoder = new HpackEncoder({ policy: lit, followLimit: false });
    encoder.setTableSizeLimit(65536);
    expect(encoder.tableMaxSize).toBe(4096);
    expect(toHex(encoder.encode([]))).toBe('');
    encoder.setTableSizeLimit(100);
    expect(toHex(encoder.encode([]))).toBe('3f45');
    expect(() => encoder.setTableSize(101)).toThrow(RangeError);
  });
});

describe('HPACK encoder and decoder stay in step', () => {
  it('over 600 random blocks with random policies, evictions and size changes', () => {
    const rng = new Rng(0xc0ffee);
    const names = [':method', ':path', ':authority', 'accept', 'cookie', 'x-a', 'x-b', 'user-agent', 'authorization', 'etag'];
    const values = ['', 'GET', '/', 'a', 'b', 'gzip, deflate', 'x'.repeat(300), 'caf\u00e9', '?0'];
    const randomPolicy: EncodingPolicy = () => ({
      indexing: rng.pick(['incremental', 'without', 'never'] as const),
      huffman: rng.pick([true, false, 'shorter'] as const),
      nameHuffman: rng.pick([undefined, true, false] as const),
      useIndexedField: rng.pick([undefined, true, false] as const),
      nameReference: rng.pick([undefined, 'first', 'last', 'literal'] as const),
    });
    const encoder = new HpackEncoder({ tableSizeLimit: 512, policy: randomPolicy });
    const decoder = new HpackDecoder({ tableSizeLimit: 512 });
    for (let block = 0; block < 600; block++) {
      if (rng.int(10) === 0) {
        encoder.setTableSize(rng.int(513));
        if (rng.bool()) encoder.setTableSize(rng.int(513));
      }
      const fields: HeaderField[] = [];
      for (let i = rng.int(12); i > 0; i--) fields.push([rng.pick(names), rng.bool() ? rng.pick(values) : rng.text(rng.int(20))]);
      const decoded = decoder.decode(encoder.encode(fields));
      expect(decoded.fields.map((f) => [f.name, f.value])).toEqual(fields);
      expect(decoder.tableEntries).toEqual(encoder.tableEntries);
      expect(decoder.tableMaxSize).toBe(encoder.tableMaxSize);
    }
  });

  it('the browser policies round-trip and mirror the table', () => {
    for (const policy of [chromePolicy, firefoxPolicy]) {
      const encoder = new HpackEncoder({ policy });
      const decoder = new HpackDecoder();
      for (let i = 0; i < 20; i++) {
        const fields: HeaderField[] = [[':method', 'GET'], [':path', `/${i}`], ['authorization', 'Bearer t'], ['cookie', `k${i}=v`], ['cookie', 'a-long-cookie-crumb=0123456789']];
        expect(decoder.decode(encoder.encode(fields)).fields.map((f) => [f.name, f.value])).toEqual(fields);
        expect(decoder.tableEntries).toEqual(encoder.tableEntries);
      }
    }
  });
});

describe('browser policies', () => {
  it('Chrome: pseudo-headers other than :authority without indexing, everything else indexed, Huffman when shorter', () => {
    const decoded = new HpackDecoder().decode(
      new HpackEncoder({ policy: chromePolicy }).encode([[':method', 'PUT'], [':authority', 'a.example'], [':path', '/p'], ['authorization', 'x'], ['x-e', '']]),
    );
    expect(decoded.fields.map((f) => [f.name, f.representation, f.index])).toEqual([
      [':method', 'without', 2],
      [':authority', 'incremental', 1],
      [':path', 'without', 4],
      ['authorization', 'incremental', 23],
      ['x-e', 'incremental', 0],
    ]);
  });

  it('Firefox: never-indexes authorization and short cookie crumbs, Huffman always, :path never indexed', () => {
    const decoded = new HpackDecoder().decode(
      new HpackEncoder({ policy: firefoxPolicy }).encode([[':path', '/'], ['authorization', 'x'], ['cookie', 'short=1'], ['cookie', 'a-long-cookie-crumb=0123456789'], ['x', 'y'.repeat(3000)]]),
    );
    expect(decoded.fields.map((f) => [f.name, f.representation, f.index, f.valueHuffman])).toEqual([
      [':path', 'without', 4, true],
      ['authorization', 'never', 23, true],
      ['cookie', 'never', 32, true],
      ['cookie', 'incremental', 32, true],
      ['x', 'without', 0, true], // more than half the table
    ]);
  });

  it('Firefox names a literal by the last matching entry (scan order)', () => {
    const encoder = new HpackEncoder({ policy: firefoxPolicy });
    encoder.encode([['accept', 'a'], ['accept', 'b']]); // dynamic: accept:b (62), accept:a (63)
    // accept (static 19) is passed over for the oldest dynamic entry, 63 = 0x40|63, 0x00
    expect(toHex(encoder.encode([['accept', 'c']]))).toBe('7f00' + '8127');
    // no exact :path match: the last static :path (5, /index.html) names it
    expect(toHex(encoder.encode([[':path', '/x']]))).toBe('05' + '8263cf');
  });
});
