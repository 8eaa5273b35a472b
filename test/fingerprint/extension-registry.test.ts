/**
 * The extension registry (src/vocabulary/extension-types.ts) is the one table of ids and names:
 * the toolkit's public ExtensionType is a part of it, the JA3 messages and the echo report name
 * from it, and the engine's ids are its own.
 */
import { describe, expect, it } from 'vitest';
import { ExtensionType as Registry, extensionIanaName, extensionKey } from '../../src/vocabulary/extension-types.js';
import { ExtensionType } from '../../src/fingerprint/index.js';
import { extensionName } from '../../src/fingerprint/echo/names.js';
import { extensionLabel } from '../../src/profiles/custom/extension-catalog.js';

describe('the extension registry', () => {
  it('gives every id one name', () => {
    const ids = Object.values(Registry);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, id] of Object.entries(Registry)) expect(extensionKey(id)).toBe(name);
  });

  it("is where the toolkit's ExtensionType takes its ids", () => {
    expect(ExtensionType).toMatchObject({ server_name: 0, alpn: 16, application_settings: 0x44cd, renegotiation_info: 0xff01 });
    for (const [name, id] of Object.entries(ExtensionType)) expect(Registry[name as keyof typeof Registry]).toBe(id);
    // The toolkit names what it decodes; what it does not stays hex in the echo report.
    expect(Object.keys(ExtensionType)).toHaveLength(26);
    expect(extensionName(44)).toBe('0x002c');
    expect(extensionName(16)).toBe('alpn');
  });

  it('spells ALPN out in messages, as IANA does', () => {
    expect(extensionIanaName(16)).toBe('application_layer_protocol_negotiation');
    expect(extensionLabel(16)).toBe('16 (application_layer_protocol_negotiation)');
    expect(extensionLabel(30032)).toBe('30032 (channel_id)');
    expect(extensionLabel(60000)).toBe('60000');
  });
});
