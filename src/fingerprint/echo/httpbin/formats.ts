/**
 * httpbin's "response formats" and "images": /json (a slideshow, with the fingerprint report
 * beside it like every JSON answer), /xml, /html, /image/png, and /image choosing by Accept
 * (only PNG here: 406 with httpbin's list for a client that takes no PNG).
 */
import { HTML_TYPE, bytesAnswer, jsonAnswer, textAnswer } from './answers.js';
import { MOBY_DICK_HTML, SLIDESHOW, SLIDESHOW_XML } from './documents.js';
import { headerValue, type EchoAnswer, type EchoRequest } from './exchange.js';
import { gradientPng } from './png.js';
import type { Route } from './route.js';
import { statusAnswer } from './status.js';

const PNG = gradientPng();

function image(request: EchoRequest): EchoAnswer {
  const accept = (headerValue(request, 'accept') ?? '*/*').toLowerCase();
  return /image\/png|image\/\*|\*\/\*/.test(accept) ? bytesAnswer(200, 'image/png', PNG) : statusAnswer(406);
}

export const formatRoutes: Route[] = [
  { path: /^\/json$/, methods: ['GET'], handle: (r) => jsonAnswer(r, SLIDESHOW) },
  { path: /^\/xml$/, methods: ['GET'], handle: () => textAnswer(200, 'application/xml', SLIDESHOW_XML) },
  { path: /^\/html$/, methods: ['GET'], handle: () => textAnswer(200, HTML_TYPE, MOBY_DICK_HTML) },
  { path: /^\/image\/png$/, methods: ['GET'], handle: () => bytesAnswer(200, 'image/png', PNG) },
  { path: /^\/image$/, methods: ['GET'], handle: image },
];
