/** What the server counted (connections, requests, resumed sessions): the Node server's control port or nginx's stub_status. */
import http from 'node:http';
import type { Endpoint } from './types.js';

export async function serverCounters(endpoint: Endpoint): Promise<{ connections: number; requests: number; resumed: number | null }> {
  const text = await new Promise<string>((resolve, reject) => {
    http
      .get(endpoint.statsUrl, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
  if (endpoint.statsKind === 'node') return JSON.parse(text) as { connections: number; requests: number; resumed: number };
  // "Active connections: 1 \nserver accepts handled requests\n 12 12 40 \n..."
  const match = /\n\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text);
  if (!match) throw new Error(`unexpected stub_status answer: ${text}`);
  return { connections: Number(match[1]), requests: Number(match[3]), resumed: null };
}
