import { ByteWriter } from '../../src/tls/wire/writer.js';

/** A synthetic ClientHello for spec examples and edge cases: every field given, nothing random. */
export interface HelloSpec {
  legacyVersion?: number;
  ciphers: number[];
  /** [type, data] in wire order. */
  extensions?: Array<[number, Uint8Array]>;
}

export function buildHello(spec: HelloSpec): Uint8Array {
  const w = new ByteWriter();
  w.u8(1);
  w.vector(3, (b) => {
    b.u16(spec.legacyVersion ?? 0x0303);
    b.bytes(new Uint8Array(32));
    b.vector(1, () => {});
    b.vector(2, (c) => spec.ciphers.forEach((s) => c.u16(s)));
    b.vector(1, (c) => c.u8(0));
    if (spec.extensions) {
      b.vector(2, (e) => {
        for (const [type, data] of spec.extensions ?? []) {
          e.u16(type);
          e.vector(2, (d) => d.bytes(data));
        }
      });
    }
  });
  return w.finish();
}

const writer = (fill: (w: ByteWriter) => void): Uint8Array => {
  const w = new ByteWriter();
  fill(w);
  return w.finish();
};

export const ext = {
  empty: (): Uint8Array => new Uint8Array(0),
  u16List: (prefix: 1 | 2, values: number[]): Uint8Array => writer((w) => w.vector(prefix, (v) => values.forEach((x) => v.u16(x)))),
  u8List: (values: number[]): Uint8Array => writer((w) => w.vector(1, (v) => values.forEach((x) => v.u8(x)))),
  serverName: (host: string): Uint8Array =>
    writer((w) =>
      w.vector(2, (l) => {
        l.u8(0);
        l.vector(2, (n) => n.bytes(new TextEncoder().encode(host)));
      }),
    ),
  alpn: (protocols: Uint8Array[]): Uint8Array => writer((w) => w.vector(2, (l) => protocols.forEach((p) => l.vector(1, (n) => n.bytes(p))))),
  keyShare: (shares: Array<[number, number]>): Uint8Array =>
    writer((w) =>
      w.vector(2, (l) =>
        shares.forEach(([group, len]) => {
          l.u16(group);
          l.vector(2, (k) => k.bytes(new Uint8Array(len)));
        }),
      ),
    ),
};
