/**
 * httpbin's /status/{codes}: one code, or a comma list of `code` or `code:weight` from which one
 * is drawn at random by weight. Some codes come with what httpbin adds to them: a Location to
 * /redirect/1 for redirects, the challenge for 401 and 407, a teapot for 418.
 */
import { JSON_TYPE, emptyAnswer, textAnswer } from './answers.js';
import type { EchoAnswer } from './exchange.js';
import { ANY_METHOD, type Route } from './route.js';

const TEAPOT = [
  '',
  '    -=[ teapot ]=-',
  '',
  '       _...._',
  "     .'  _ _ `.",
  '    | ."` ^ `". _,',
  '    \\_;`"---"`|//',
  '      |       ;/',
  '      \\_     _/',
  '        `"""`',
  '',
].join('\n');

const REDIRECT_LOCATION = '/redirect/1';

/** What httpbin's status_code(code) answers. */
export function statusAnswer(code: number): EchoAnswer {
  switch (code) {
    case 301:
    case 302:
    case 303:
    case 305:
    case 307:
      return emptyAnswer(code, [['Location', REDIRECT_LOCATION]]);
    case 401:
      return emptyAnswer(code, [['WWW-Authenticate', 'Basic realm="Fake Realm"']]);
    case 402:
      return textAnswer(code, 'text/html; charset=utf-8', 'Pay me!', [['x-more-info', 'http://vimeo.com/22053820']]);
    case 406:
      return textAnswer(
        code,
        JSON_TYPE,
        JSON.stringify({ message: 'Client did not request a supported media type.', accept: ['image/webp', 'image/svg+xml', 'image/jpeg', 'image/png', 'image/*'] }),
      );
    case 407:
      return emptyAnswer(code, [['Proxy-Authenticate', 'Basic realm="Fake Realm"']]);
    case 418:
      return textAnswer(code, 'text/html; charset=utf-8', TEAPOT, [['x-more-info', 'http://tools.ietf.org/html/rfc2324']]);
    default:
      return emptyAnswer(code);
  }
}

/** The code a /status/{codes} parameter picks, or undefined when it does not parse (httpbin: 400). */
export function pickStatus(codes: string, random: () => number = Math.random): number | undefined {
  const choices: Array<[number, number]> = [];
  for (const choice of codes.split(',')) {
    const [code, weight = '1', extra] = choice.split(':');
    if (extra !== undefined || !/^\d{3}$/.test(code ?? '') || !/^\d*\.?\d+$/.test(weight)) return undefined;
    // 1xx is not a final answer: a client would wait for the one after it.
    const n = Number(code);
    if (n < 200 || n > 599) return undefined;
    choices.push([n, Number(weight)]);
  }
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let at = random() * total;
  for (const [code, weight] of choices) {
    if (at < weight) return code;
    at -= weight;
  }
  return choices[choices.length - 1]![0];
}

export const statusRoutes: Route[] = [
  {
    path: /^\/status\/([^/]+)$/,
    methods: ANY_METHOD,
    handle: (_r, [codes]) => {
      const code = pickStatus(codes!);
      return code === undefined ? textAnswer(400, 'text/html; charset=utf-8', 'Invalid status code') : statusAnswer(code);
    },
  },
];
