/**
 * `tls-requests get|post|put|patch|delete|head URL`: one request through AsyncClient, as a browser
 * profile sends it, the body written as it arrives. Any HTTP response is a success (exit 0, 4xx
 * and 5xx included, as curl without --fail); a failure to get one throws, and cli.ts turns the
 * error into one line and an exit code.
 */
import { Command, Option } from 'commander';
import { AsyncClient } from '../client/index.js';
import { outputTarget, writeResponse } from './response-output.js';
import { clientOptionsFrom, requestOptionsFrom, type RequestFlags } from './request-flags.js';
import { UsageError } from './usage-error.js';

export const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;
export type Method = (typeof METHODS)[number];

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout: expected a positive number of seconds, got '${value}'`);
  return n;
}

export function requestCommand(method: Method): Command {
  return new Command(method)
    .description(method === 'head' ? 'send a HEAD request as a browser does (add -i to see the headers)' : `send a ${method.toUpperCase()} request as a browser does, and print the response body`)
    .argument('<url>', 'the URL (https:// or http://)')
    .option('-H, --header <line>', "a request header, 'Name: value' (repeatable; 'Name:' removes a profile default)", collect, [])
    .option('-d, --data <data>', 'a form body (x-www-form-urlencoded), or @file (repeatable: joined with &)', collect, [])
    .option('--json <json>', 'a JSON body, or @file (Content-Type: application/json)')
    .option('-F, --form <name=value>', 'a multipart field: name=value, name=<file, name=@file[;type=mime][;filename=name] (repeatable)', collect, [])
    .option('--profile <name>', "browser profile or alias (see 'tls-requests profiles'); default chrome")
    .option('--ja3 <ja3>', 'build the ClientHello from this JA3 string, over the profile')
    .option('--akamai <fingerprint>', 'open HTTP/2 connections as this Akamai fingerprint says, over the profile')
    .option('--http1', 'use HTTP/1.1 only (offer http/1.1 alone in ALPN)')
    .option('--proxy <url>', 'proxy: http://, https://, socks5:// or socks5h:// (user:pass@ allowed)')
    .option('--ca <file>', 'PEM file of extra trusted root certificates')
    .option('-k, --insecure', 'do not verify the server certificate')
    .addOption(new Option('--timeout <seconds>', 'give up after this many seconds (fractions allowed)').argParser(seconds))
    .option('--no-redirects', 'do not follow redirects')
    .option('-i, --include', 'print the status line and headers before the body')
    .option('-o, --output <file>', "write the body to a file ('-': to stdout, even binary to a terminal)")
    .action(async (url: string, flags: RequestFlags) => {
      await runRequest(method, url, flags);
    });
}

export async function runRequest(method: Method, url: string, flags: RequestFlags): Promise<void> {
  const client = new AsyncClient(clientOptionsFrom(flags));
  try {
    const response = await client.stream(method.toUpperCase(), url, requestOptionsFrom(flags));
    try {
      await writeResponse(response, outputTarget(flags.output), flags.include ?? false);
    } finally {
      await response.close();
    }
  } finally {
    await client.close();
  }
}
