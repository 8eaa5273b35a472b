/** `profileFromPcap`: the clone of the first ClientHello in a classic pcap (see pcap.ts). */
import type { Profile } from '../types.js';
import { profileFromClientHello } from './from-client-hello.js';
import type { CustomProfileOptions } from './options.js';
import { clientHelloFromPcap } from './pcap.js';

export function profileFromPcap(bytes: Uint8Array, options: CustomProfileOptions = {}): Profile {
  return profileFromClientHello(clientHelloFromPcap(bytes), options);
}
