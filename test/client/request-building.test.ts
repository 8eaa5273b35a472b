import { describe, expect, it } from 'vitest';
import { AsyncClient, InvalidURL, RequestError } from '../../src/index.js';
import { encodeMultipart, makeBoundary } from '../../src/client/multipart.js';
import { FakeTransport } from './fake-transport.js';

const text = (body: Uint8Array | null): string => (body ? new TextDecoder().decode(body) : '');

describe('URLs and params', () => {
  it('merges client and request params after the URL query; a request key replaces the client one', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport, params: { a: '1', b: ['2', '3'], skip: null } });
    await client.get('https://example.com/p?x=0', { params: [['b', 'new'], ['c', 'a b&c']] });
    expect(transport.calls[0]!.url).toBe('https://example.com/p?x=0&a=1&b=new&c=a+b%26c');
  });

  it('joins a base URL the way httpx does, and leaves absolute URLs alone', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport, baseUrl: 'https://api.example.com/v1' });
    await client.get('/users');
    await client.get('items?id=1');
    await client.get('https://other.example/x');
    expect(transport.calls.map((c) => c.url)).toEqual(['https://api.example.com/v1/users', 'https://api.example.com/v1/items?id=1', 'https://other.example/x']);
  });

  it('adds http:// to a URL without a scheme (tls_requests) and refuses other schemes', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport });
    await client.get('example.com/a');
    expect(transport.calls[0]!.url).toBe('http://example.com/a');
    await expect(client.get('ftp://example.com/')).rejects.toBeInstanceOf(InvalidURL);
    await expect(client.get('http://')).rejects.toBeInstanceOf(InvalidURL);
  });
});

describe('bodies', () => {
  it('json: compact JSON with its content type', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport }).post('https://example.com/', { json: { a: [1, 'é'] } });
    expect(text(transport.calls[0]!.body)).toBe('{"a":[1,"é"]}');
    expect(transport.header(0, 'content-type')).toBe('application/json');
  });

  it('data: a urlencoded form from a record (lists repeat) or ordered pairs', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport });
    await client.post('https://example.com/', { data: { q: 'a b', n: 1, tags: ['x', 'y'] } });
    await client.post('https://example.com/', { data: [['z', '1'], ['a', '2']] });
    expect(text(transport.calls[0]!.body)).toBe('q=a+b&n=1&tags=x&tags=y');
    expect(text(transport.calls[1]!.body)).toBe('z=1&a=2');
    expect(transport.header(0, 'content-type')).toBe('application/x-www-form-urlencoded');
  });

  it('content: raw bytes and strings, which tls_requests cannot send (its issue #30)', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport });
    const protobuf = new Uint8Array([0x08, 0x96, 0x01, 0x00, 0xff]);
    await client.post('https://example.com/', { content: protobuf, headers: { 'content-type': 'application/x-protobuf' } });
    await client.put('https://example.com/', { content: 'plain' });
    expect([...transport.calls[0]!.body!]).toEqual([...protobuf]);
    expect(transport.header(0, 'content-type')).toBe('application/x-protobuf');
    expect(text(transport.calls[1]!.body)).toBe('plain');
    expect(transport.header(1, 'content-type')).toBeUndefined();
  });

  it('content: a ReadableStream or async iterable is buffered', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport });
    async function* parts(): AsyncGenerator<string | Uint8Array> {
      yield 'ab';
      yield new Uint8Array([0x63]);
    }
    await client.post('https://example.com/', { content: parts() });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([1, 2]));
        c.enqueue(new Uint8Array([3]));
        c.close();
      },
    });
    await client.post('https://example.com/', { content: stream });
    expect(text(transport.calls[0]!.body)).toBe('abc');
    expect([...transport.calls[1]!.body!]).toEqual([1, 2, 3]);
  });

  it('leaves Content-Length to the HTTP layer, which writes it from the body it sends', async () => {
    const transport = new FakeTransport();
    const client = new AsyncClient({ transport });
    await client.post('https://example.com/', { content: 'abc', headers: { 'Content-Length': '99' } });
    await client.post('https://example.com/');
    expect(transport.header(0, 'content-length')).toBeUndefined();
    expect(transport.calls[1]!.body).toBeNull();
  });

  it('refuses two kinds of body at once', async () => {
    const client = new AsyncClient({ transport: new FakeTransport() });
    await expect(client.post('https://example.com/', { json: {}, content: 'x' })).rejects.toBeInstanceOf(RequestError);
    await expect(client.post('https://example.com/', { json: {}, data: { a: '1' } })).rejects.toThrow(/json and data/);
  });

  it('does not hand the transport the buffer the Request keeps (the pool transfers it)', async () => {
    const transport = new FakeTransport();
    const response = await new AsyncClient({ transport }).post('https://example.com/', { content: 'keep' });
    expect(transport.calls[0]!.body!.buffer).not.toBe(response.request.content!.buffer);
  });
});

describe('multipart', () => {
  it('writes fields then files, byte for byte, with a WebKit boundary for Chrome', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport }).post('https://example.com/upload', {
      data: { title: 'Hello "you"', n: 2 },
      files: {
        doc: { filename: 'a.txt', content: 'text file\n' },
        bin: new Uint8Array([0, 1, 2, 255]),
        pic: { filename: 'p.png', content: new Blob([new Uint8Array([0x89, 0x50])]) },
        typed: { filename: 'x.dat', content: 'x', contentType: 'application/x-custom' },
        blob: new File(['file body'], 'report.csv', { type: 'text/csv' }),
      },
    });
    const contentType = transport.header(0, 'content-type')!;
    const boundary = /^multipart\/form-data; boundary=(----WebKitFormBoundary[A-Za-z0-9]{16})$/.exec(contentType)?.[1];
    expect(boundary).toBeDefined();
    const expected =
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello "you"\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="n"\r\n\r\n2\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="doc"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\ntext file\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="bin"; filename="upload"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\x02\xff\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="pic"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n\x89\x50\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="typed"; filename="x.dat"\r\nContent-Type: application/x-custom\r\n\r\nx\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="blob"; filename="report.csv"\r\nContent-Type: text/csv\r\n\r\nfile body\r\n` +
      `--${boundary}--\r\n`;
    expect(Buffer.from(transport.calls[0]!.body!).toString('latin1')).toBe(Buffer.from(expected, 'latin1').toString('latin1'));
  });

  it('escapes quotes and line breaks in names as the HTML standard says', async () => {
    const body = await encodeMultipart([{ kind: 'file', name: 'a"b\r\nc', value: { filename: 'q".txt', content: '' } }], 'B');
    expect(new TextDecoder().decode(body)).toBe('--B\r\nContent-Disposition: form-data; name="a%22b%0D%0Ac"; filename="q%22.txt"\r\nContent-Type: text/plain\r\n\r\n\r\n--B--\r\n');
  });

  it('uses a gecko boundary for Firefox profiles', async () => {
    const transport = new FakeTransport();
    await new AsyncClient({ transport, clientIdentifier: 'firefox' }).post('https://example.com/', { files: { f: 'x' } });
    expect(transport.header(0, 'content-type')).toMatch(/^multipart\/form-data; boundary=----geckoformboundary[0-9a-f]{32}$/);
    expect(makeBoundary('chrome', () => new Uint8Array(16).fill(65))).toBe('----WebKitFormBoundaryBBBBBBBBBBBBBBBB');
  });
});
