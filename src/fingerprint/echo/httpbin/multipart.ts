/**
 * A multipart/form-data reader (RFC 7578) for httpbin's `form` and `files`: fields by name, file
 * parts with their filename and type. Strict enough for what clients send (a boundary line, part
 * headers, a blank line, the content up to the next boundary), lenient about what it ignores
 * (a preamble, an epilogue, other part headers).
 */

export interface MultipartPart {
  name: string;
  /** Present when the part is a file (Content-Disposition has a filename). */
  filename?: string;
  contentType?: string;
  content: Uint8Array;
}

export function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The parts of a body; a body that is not multipart with this boundary yields what it could read. */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.length);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: MultipartPart[] = [];
  let at = bytes.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    // "--boundary--" closes the body.
    if (bytes.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
    const headStart = bytes.indexOf('\r\n', afterDelimiter);
    if (headStart < 0) break;
    const headEnd = bytes.indexOf('\r\n\r\n', headStart);
    if (headEnd < 0) break;
    const next = bytes.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next < 0) break;
    const part = partOf(bytes.subarray(headStart + 2, headEnd).toString('utf8'), bytes.subarray(headEnd + 4, next));
    if (part) parts.push(part);
    at = next + 2;
  }
  return parts;
}

function partOf(head: string, content: Uint8Array): MultipartPart | undefined {
  let disposition = '';
  let contentType: string | undefined;
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  const name = parameter(disposition, 'name');
  if (name === undefined) return undefined;
  const filename = parameter(disposition, 'filename');
  return { name, content: new Uint8Array(content), ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}

function parameter(header: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}
