// A TLS server run under Node 26 (OpenSSL 3.5) by test/helpers/servers.ts, to face our client
// with what Node 20's OpenSSL 3.0 cannot offer: X25519MLKEM768, ML-DSA certificates.
// Plain JavaScript because Node 26 runs it directly, without the TypeScript toolchain.
//
// Config: JSON in the TLS_SERVER_CONFIG environment variable (see Node26TlsServerOptions).
// stdout: one JSON object per line — {"event":"listening","port":N,...} first, then one
// "secure" or "tlsClientError" event per handshake. With config.trace, OpenSSL's handshake
// trace goes to stderr.
import tls from 'node:tls';

const config = JSON.parse(process.env.TLS_SERVER_CONFIG ?? '{}');
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const options = {
  key: config.key,
  cert: [config.cert, ...(config.chain ?? [])].join('\n'),
};
if (config.ecdhCurve) options.ecdhCurve = config.ecdhCurve;
if (config.minVersion) options.minVersion = config.minVersion;
if (config.maxVersion) options.maxVersion = config.maxVersion;
if (config.ciphers) options.ciphers = config.ciphers;
if (config.sigalgs) options.sigalgs = config.sigalgs;
if (config.alpn) options.ALPNProtocols = config.alpn;
if (config.trace) options.enableTrace = true;

const body = Buffer.from(config.reply?.body ?? 'hello from the node 26 test server\n');
const status = config.reply?.status ?? 200;
const response = Buffer.concat([
  Buffer.from(
    `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Status'}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
  ),
  body,
]);

const server = tls.createServer(options, (socket) => {
  // The negotiated group is not observable here: getEphemeralKeyInfo() is client-side only
  // (null on a server socket). With a single group in ecdhCurve, success itself proves it;
  // otherwise read the ServerHello's NamedGroup in the trace.
  emit({
    event: 'secure',
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? '',
    sessionReused: socket.isSessionReused(),
    sharedSigalgs: socket.getSharedSigalgs(),
    servername: socket.servername || null,
    alpnProtocol: socket.alpnProtocol || null,
  });
  let head = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk) => {
    if (head.includes('\r\n\r\n')) return;
    head += chunk;
    if (head.includes('\r\n\r\n')) socket.end(response);
  });
  socket.on('error', () => {});
});
server.on('tlsClientError', (error) => emit({ event: 'tlsClientError', message: error.message, code: error.code ?? null }));
server.listen(0, '127.0.0.1', () => {
  emit({ event: 'listening', port: server.address().port, node: process.version, openssl: process.versions.openssl });
});

// The parent stops us with SIGTERM; close quietly. Also go away if the parent dies (stdin EOF).
const shutdown = () => process.exit(0);
process.on('SIGTERM', shutdown);
process.stdin.on('end', shutdown);
process.stdin.resume();
