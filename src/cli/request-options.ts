/**
 * The flags every request command takes (`tls-requests URL` and get/post/...): curl's letters with
 * curl's meaning, plus the fingerprint flags curl has no equivalent for.
 */
import { Command, Option } from 'commander';
import { dataParsers } from './body-args.js';
import { UsageError } from './usage-error.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: expected a positive number of seconds, got '${value}'`);
    return n;
  };
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-redirs: expected a whole number, got '${value}'`);
  return n;
}

export function addRequestOptions(command: Command): Command {
  const data = dataParsers();
  return command
    .option('-X, --request <method>', 'the method to send (over the command\'s; default GET, POST with a body, HEAD with -I)')
    .option('-H, --header <line>', "a request header, 'Name: value' (repeatable; 'Name:' removes a profile default)", collect, [])
    .addOption(new Option('-d, --data <data>', 'a form body (x-www-form-urlencoded); @file or @- (stdin) with newlines removed, as curl (repeatable: joined with &)').argParser(data.data).default([]))
    .addOption(new Option('--data-binary <data>', 'a body sent as is; @file or @- (stdin) byte for byte').argParser(data.binary).default([]))
    .addOption(new Option('--data-raw <data>', 'like -d, but @ has no meaning').argParser(data.raw).default([]))
    .option('--json <json>', 'a JSON body, or @file (Content-Type: application/json)')
    .option('-F, --form <name=value>', 'a multipart field: name=value, name=<file, name=@file[;type=mime][;filename=name] (repeatable)', collect, [])
    .option('-u, --user <user:password>', 'Basic authentication')
    .option('-A, --user-agent <name>', "the User-Agent to send instead of the profile's ('' sends none)")
    .option('-b, --cookie <data|file>', "cookies: 'a=1; b=2' (sent to every host), or a Netscape cookie file as curl writes (repeatable)", collect, [])
    .option('-c, --cookie-jar <file>', 'write every cookie to this file at the end, in the Netscape format curl reads')
    .option('--profile <name>', "browser profile or alias (see 'tls-requests profiles'); default chrome")
    .option('--ja3 <ja3>', 'build the ClientHello from this JA3 string, over the profile')
    .option('--akamai <fingerprint>', 'open HTTP/2 connections as this Akamai fingerprint says, over the profile')
    .option('--http1', 'use HTTP/1.1 only (offer http/1.1 alone in ALPN)')
    .option('-x, --proxy <url>', 'proxy: http://, https://, socks5:// or socks5h:// (user:pass@ allowed)')
    .option('--ca <file>', 'PEM file of extra trusted root certificates (curl: --cacert)')
    .option('-k, --insecure', 'do not verify the server certificate')
    .addOption(new Option('-m, --max-time <seconds>', 'give up after this many seconds (fractions allowed)').argParser(seconds('--max-time')))
    .addOption(new Option('--timeout <seconds>', 'the same as --max-time').argParser(seconds('--timeout')))
    .option('-L, --location', "follow redirects (as curl, a 3xx is the answer without -L)")
    .addOption(new Option('--max-redirs <n>', 'with -L, at most this many redirects (default 9, the library\'s; curl\'s is 50)').argParser(count))
    .addOption(new Option('--no-redirects', 'do not follow redirects (the default now; kept for old scripts)').hideHelp())
    .option('--compressed', 'accepted for curl\'s sake: responses are always decoded (gzip, deflate, br, zstd), as the profile asks for them')
    .option('-i, --include', 'print the status line and headers before the body')
    .option('-I, --head', 'send HEAD and print the status line and headers')
    .option('-o, --output <file>', "write the body to a file ('-': to stdout, even binary to a terminal)")
    .option('-w, --write-out <format>', 'print this after the transfer: %{http_code} %{time_total} %{size_download} %{url_effective} %{http_version} %{num_redirects} %{content_type}; @file reads it')
    .option('-f, --fail', 'a 4xx or 5xx answer: no body, exit 22')
    .option('-v, --verbose', 'request and response heads, TLS version, suite, group, ALPN and JA4, on stderr')
    .option('-s, --silent', 'no progress bar, no error message')
    .option('-S, --show-error', 'with -s, still print the error message')
    .option('--no-progress-meter', 'no progress bar (drawn on stderr for -o FILE when stderr is a terminal)');
}
