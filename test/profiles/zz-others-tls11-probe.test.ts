import { it } from 'vitest';
import { getProfile } from '../../src/profiles/registry.js';
import { connect } from '../../src/tls/connect.js';
import { makePki } from '../helpers/pki.js';
import { startGnutlsServer } from '../helpers/servers.js';
it('probe tls1.1', async () => {
  const pki = await makePki();
  const leaf = pki.leaves.rsa2048;
  for (const v of ['VERS-TLS1.1', 'VERS-TLS1.0']) {
    await using server = await startGnutlsServer({ cert: leaf.certPem + leaf.chainPem, key: leaf.keyPem, args: ['--priority', `NORMAL:-VERS-ALL:+${v}:+SHA1`] });
    const r = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: pki.ca, alpn: ['http/1.1'], hello: getProfile('safari_16_0').tls, timeout: 5000 }).then((c) => `connected ${c.version}`, (e: Error) => `${e.name}: ${e.message}`);
    console.log(v, '=>', r);
  }
}, 30000);
