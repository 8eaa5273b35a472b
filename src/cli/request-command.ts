/**
 * The request commands: `tls-requests [flags] URL` as curl is typed (the default command), and
 * `tls-requests get|post|put|patch|delete|head URL`, whose name is the method (-X still wins).
 * Both take the same flags (request-options.ts) and run the same way (run-request.ts).
 */
import { Command } from 'commander';
import { addRequestOptions } from './request-options.js';
import type { RequestFlags } from './request-flags.js';
import { runRequest } from './run-request.js';

export const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;
export type Method = (typeof METHODS)[number];

export function requestCommand(method: Method): Command {
  const command = new Command(method)
    .description(method === 'head' ? 'send a HEAD request as a browser does (add -i to see the headers)' : `send a ${method.toUpperCase()} request as a browser does, and print the response body`)
    .argument('<url>', 'the URL (https:// or http://)');
  return addRequestOptions(command).action(async (url: string, flags: RequestFlags) => {
    await runRequest(method, url, flags);
  });
}

/** `tls-requests [flags] URL`: curl's shape; the method from -X, -I or a body, as curl picks it. */
export function urlCommand(): Command {
  const command = new Command('request')
    .summary('the default: tls-requests [flags] URL, as curl is typed')
    .description('send a request as a browser does, curl-style: GET, POST with -d/--data-binary/--json/-F, HEAD with -I, any method with -X')
    .argument('<url>', 'the URL (https:// or http://)');
  return addRequestOptions(command).action(async (url: string, flags: RequestFlags) => {
    await runRequest(null, url, flags);
  });
}
