/**
 * A body on its way to a terminal: text, decoded by the response's charset (a latin1 page reads
 * right in a UTF-8 terminal), unless it is binary. curl's test for binary is a NUL byte in what
 * it is about to write (tool_cb_wrt.c), checked chunk by chunk before the chunk is written.
 */
import type { Response } from '../client/response.js';
import { BinaryOutputError } from './binary-output-error.js';

export async function* terminalText(response: Pick<Response, 'encoding' | 'iterBytes'>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder(response.encoding);
  for await (const chunk of response.iterBytes()) {
    if (chunk.includes(0)) throw new BinaryOutputError();
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
