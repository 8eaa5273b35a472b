import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../helpers/fixtures.js';

/**
 * The real-browser captures under fixtures/captures (see its README). Found by listing the
 * folder, never by a fixed list, so a new capture is tested the day it lands; a missing folder
 * throws, which fails the suite instead of silently testing nothing.
 */
export const CAPTURES_DIR = process.env.TLS_REQUESTS_CAPTURES ?? fixturePath('captures');

export function captureFiles(suffix: string): string[] {
  return readdirSync(CAPTURES_DIR)
    .filter((f) => f.endsWith(suffix))
    .sort();
}

export function readCapture(file: string): string {
  return readFileSync(join(CAPTURES_DIR, file), 'utf8');
}

/** The sample label of a capture file: "chromium-156-1.c2.clienthello.hex" -> "chromium-156-1.c2". */
export function labelOf(file: string): string {
  return file.replace(/\.(clienthello|clienthello-record|h2-client)\.hex$|\.(json|tshark\.txt)$/, '');
}

export interface CaptureIdName {
  id: string;
  name: string;
}

export interface CaptureExtension {
  type: string;
  name: string;
  ext_data_len: number;
  [field: string]: unknown;
}

/** The part of `<label>.json` these tests read (written by an independent parser). */
export interface CaptureJson {
  client_hello: {
    record_headers: Array<{ content_type: number; version: string; length: number }>;
    handshake_len: number;
    legacy_version: string;
    session_id_len: number;
    session_id: string;
    random: string;
    ciphers: CaptureIdName[];
    compression_methods: number[];
    extensions: CaptureExtension[];
    extension_order: string[];
    fingerprints: { ja3_full: string; ja3: string; ja4: string; ja4_r: string; ja4_o: string; ja4_ro: string };
  };
  h2?: { akamai: string };
}

export function captureJson(label: string): CaptureJson {
  return JSON.parse(readCapture(`${label}.json`)) as CaptureJson;
}

/** Every sample label that has a ClientHello file. */
export function helloLabels(): string[] {
  return [...new Set(captureFiles('.clienthello.hex').map(labelOf))];
}
