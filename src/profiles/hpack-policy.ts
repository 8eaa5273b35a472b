/**
 * Turns a profile's HPACK rules (plain data) into the `EncodingPolicy` function the HPACK encoder
 * calls per field. The rules stay data so a profile survives structuredClone; this is the one
 * place that reads them.
 */
import { entrySize, type EncodingPolicy, type FieldEncoding, type TableState } from '../vocabulary/hpack-encoding.js';
import type { HpackPolicySpec, HpackRule } from './types.js';

function applies(rule: HpackRule, name: string, value: string, table: TableState): boolean {
  if (rule.names && !rule.names.includes(name)) return false;
  if (rule.valueShorterThan !== undefined && !(value.length < rule.valueShorterThan)) return false;
  if (rule.entryExceeds) {
    const { tableFraction, orTableBelow } = rule.entryExceeds;
    if (!(entrySize(name, value) > table.maxSize * tableFraction || table.maxSize < orTableBelow)) return false;
  }
  return true;
}

export function hpackPolicy(spec: HpackPolicySpec): EncodingPolicy {
  return (name, value, table): FieldEncoding => spec.rules.find((r) => applies(r, name, value, table))?.encoding ?? spec.default;
}
