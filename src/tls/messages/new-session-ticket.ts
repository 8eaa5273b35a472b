import { ByteReader } from '../wire/reader.js';
import { readExtensions } from './extensions.js';

export interface NewSessionTicket13 {
  lifetime: number;
  ageAdd: number;
  nonce: Uint8Array;
  ticket: Uint8Array;
  maxEarlyData?: number;
}

/** TLS 1.3 NewSessionTicket (RFC 8446 §4.6.1). */
export function parseNewSessionTicket13(body: Uint8Array): NewSessionTicket13 {
  const r = new ByteReader(body, 'NewSessionTicket');
  const lifetime = r.u32('ticket_lifetime');
  const ageAdd = r.u32('ticket_age_add');
  const nonce = r.vec(1, 'ticket_nonce');
  const ticket = r.vec(2, 'ticket', 1);
  const extensions = readExtensions(r, 'NewSessionTicket');
  r.end();
  const result: NewSessionTicket13 = { lifetime, ageAdd, nonce: nonce.slice(), ticket: ticket.slice() };
  const ed = extensions.get(42);
  if (ed) {
    const e = new ByteReader(ed, 'early_data');
    result.maxEarlyData = e.u32('max_early_data_size');
    e.end();
  }
  return result;
}
