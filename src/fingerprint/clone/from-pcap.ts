/** `profileFromPcap`: the clone of the first ClientHello in a classic pcap (see pcap.ts). */
import type { Profile } from '../../profiles/types.js';
import { profileFromClientHello } from './from-client-hello.js';
import type { CustomProfileOptions } from '../../profiles/custom/options.js';
import { clientHelloFromPcap } from '../../profiles/custom/pcap.js';

export function profileFromPcap(bytes: Uint8Array, options: CustomProfileOptions = {}): Profile {
  return profileFromClientHello(clientHelloFromPcap(bytes), options);
}
