/**
 * curl's request-body flags, in the order given on the command line and joined with `&` as curl
 * joins them: `-d/--data` (`@file` and `@-` read a file or stdin with CR and LF removed, as curl
 * does), `--data-binary` (`@file`/`@-` as bytes, untouched), `--data-raw` (no `@` meaning).
 */
import { readFileSync } from 'node:fs';
import { readFileFor } from './files.js';

export type DataKind = 'data' | 'binary' | 'raw';

export interface DataPiece {
  kind: DataKind;
  value: string;
  /** Position on the command line across the three flags, so they join in the order typed. */
  order: number;
}

/** Commander parsers for the three flags, sharing one counter so their pieces keep their order. */
export function dataParsers(): Record<DataKind, (value: string, previous: DataPiece[]) => DataPiece[]> {
  let order = 0;
  const parser =
    (kind: DataKind) =>
    (value: string, previous: DataPiece[]): DataPiece[] => [...previous, { kind, value, order: order++ }];
  return { data: parser('data'), binary: parser('binary'), raw: parser('raw') };
}

const flagOf: Record<DataKind, string> = { data: '-d', binary: '--data-binary', raw: '--data-raw' };

export function pieceBytes(piece: DataPiece): Buffer {
  if (piece.kind === 'raw' || !piece.value.startsWith('@')) return Buffer.from(piece.value, 'utf8');
  const path = piece.value.slice(1);
  const bytes = path === '-' ? readFileSync(0) : readFileFor(flagOf[piece.kind], path);
  // curl's -d reads a file as text lines and sends them joined; --data-binary keeps every byte.
  return piece.kind === 'data' ? Buffer.from(bytes.filter((b) => b !== 0x0d && b !== 0x0a)) : bytes;
}

/** The body the pieces make, or null when none was given. */
export function joinPieces(...lists: readonly DataPiece[][]): Uint8Array | null {
  const pieces = lists.flat().sort((a, b) => a.order - b.order);
  if (pieces.length === 0) return null;
  const parts: Buffer[] = [];
  pieces.forEach((piece, i) => {
    if (i > 0) parts.push(Buffer.from('&'));
    parts.push(pieceBytes(piece));
  });
  return new Uint8Array(Buffer.concat(parts));
}
