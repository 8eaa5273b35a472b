/**
 * multipart/form-data (RFC 7578) written the way a browser writes it: the browser's boundary
 * format, names and file names escaped per the HTML standard ("%22", "%0D", "%0A"), a
 * Content-Type only on file parts. A boundary like Python's hex one would be a tell.
 */
import { randomBytes } from 'node:crypto';
import { contentTypeForFilename } from './mime.js';

export type FileContent = Uint8Array | ArrayBuffer | string | Blob;
export interface FileSpec {
  /** Defaults to the Blob's name, else "upload" (tls_requests' default). */
  filename?: string;
  content: FileContent;
  /** Defaults to the Blob's type, else a guess from the file name, else application/octet-stream. */
  contentType?: string;
}
export type FileValue = FileContent | FileSpec;

export type MultipartPart =
  | { kind: 'field'; name: string; value: string }
  | { kind: 'file'; name: string; value: FileValue };

export type BoundaryStyle = 'chrome' | 'firefox';

// WebKit's table (FormDataEncoder::GenerateUniqueBoundaryString): 62 alphanumerics padded to 64
// with "AB" so that a random byte masked to 6 bits picks one.
const WEBKIT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789AB';

/**
 * Chrome: "----WebKitFormBoundary" and 16 characters. Firefox (since 2024,
 * dom/html/HTMLFormSubmission.cpp): "----geckoformboundary" and 128 random bits in hex; this one
 * is from the source, not from a capture.
 */
export function makeBoundary(style: BoundaryStyle, random: (n: number) => Uint8Array = randomBytes): string {
  if (style === 'firefox') return `----geckoformboundary${Buffer.from(random(16)).toString('hex')}`;
  return `----WebKitFormBoundary${[...random(16)].map((b) => WEBKIT_CHARS[b & 63]).join('')}`;
}

export async function encodeMultipart(parts: readonly MultipartPart[], boundary: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(encoder.encode(`--${boundary}\r\n`));
    if (part.kind === 'field') {
      chunks.push(encoder.encode(`Content-Disposition: form-data; name="${escapeName(part.name)}"\r\n\r\n`), encoder.encode(part.value));
    } else {
      const file = await describeFile(part.value);
      chunks.push(
        encoder.encode(
          `Content-Disposition: form-data; name="${escapeName(part.name)}"; filename="${escapeName(file.filename)}"\r\n` +
            `Content-Type: ${file.contentType}\r\n\r\n`,
        ),
        file.bytes,
      );
    }
    chunks.push(encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** The HTML standard's escaping of names in Content-Disposition (what Chrome and Firefox do). */
function escapeName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

interface DescribedFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

async function describeFile(value: FileValue): Promise<DescribedFile> {
  const spec: FileSpec = isFileSpec(value) ? value : { content: value };
  const blob = spec.content instanceof Blob ? spec.content : null;
  const blobName = blob && 'name' in blob && typeof blob.name === 'string' && blob.name ? blob.name : null;
  const filename = spec.filename ?? blobName ?? 'upload';
  const contentType = spec.contentType ?? (blob?.type || contentTypeForFilename(filename));
  return { filename, contentType, bytes: await contentBytes(spec.content) };
}

function isFileSpec(value: FileValue): value is FileSpec {
  return typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof ArrayBuffer) && !(value instanceof Blob) && 'content' in value;
}

export async function contentBytes(content: FileContent): Promise<Uint8Array> {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  if (content instanceof Uint8Array) return content;
  if (content instanceof ArrayBuffer) return new Uint8Array(content);
  return new Uint8Array(await content.arrayBuffer());
}
