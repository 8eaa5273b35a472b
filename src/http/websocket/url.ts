import { InvalidURL } from '../../errors.js';

/**
 * The http(s) URL a ws(s) URL is opened through (RFC 6455 §3; the WHATWG WebSocket constructor's
 * rule): ws → http, wss → https; http(s) accepted as is; no fragment.
 */
export function httpUrlOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidURL(`invalid WebSocket URL: ${url}`);
  }
  if (parsed.hash) throw new InvalidURL('a WebSocket URL has no fragment');
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new InvalidURL(`a WebSocket URL is ws:// or wss://, not ${parsed.protocol}//`);
  // The URL setter refuses to turn a special scheme into another; rebuild the string instead.
  return (parsed.protocol === 'ws:' ? 'http:' : 'https:') + parsed.href.slice(parsed.protocol.length);
}
