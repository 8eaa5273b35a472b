/**
 * Chromium's `sec-ch-ua` brand list, as `GenerateBrandVersionList` builds it in
 * components/embedder_support/user_agent_utils.cc (read in the Chromium sources: chromium/chromium
 * and an M147 snapshot, ylong52/chromium_147_0_7727_dev_src). The seed is the major version:
 *
 * - the GREASE brand is "Not" + C[seed % 11] + "A" + C[(seed + 1) % 11] + "Brand", with
 *   C = [' ', '(', ':', '-', '.', '/', ')', ';', '=', '?', '_'], at version V[seed % 3] with
 *   V = ['8', '99', '24'] (`GetGreasedUserAgentBrandVersion`);
 * - the list [GREASE brand, "Chromium", brand] is shuffled by `ShuffleBrandList`: element i goes
 *   to position order[i], order = `GetRandomOrder(seed, 3)` = the (seed % 6)-th permutation of
 *   [0,1,2] in lexicographic order; an unbranded Chromium (two entries) uses
 *   order = [seed % 2, (seed + 1) % 2].
 *
 * Checked against real browsers: headless Chromium 156 sent `"Not:A-Brand";v="8", "Chromium";v="156"`
 * (shared/captures); Chrome 131 sends `"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"`
 * and Chrome 133 `"Not(A:Brand";v="99", "Google Chrome";v="133", "Chromium";v="133"`.
 */

const GREASE_CHARS = [' ', '(', ':', '-', '.', '/', ')', ';', '=', '?', '_'];
const GREASE_VERSIONS = ['8', '99', '24'];
const ORDERS_OF_THREE = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

export interface Brand {
  brand: string;
  version: string;
}

/** The brands in header order for a major version; `brand` is the product ("Google Chrome"), if any. */
export function chromiumBrands(major: number, brand?: string): Brand[] {
  const list: Brand[] = [
    { brand: `Not${GREASE_CHARS[major % 11]}A${GREASE_CHARS[(major + 1) % 11]}Brand`, version: GREASE_VERSIONS[major % 3]! },
    { brand: 'Chromium', version: String(major) },
  ];
  if (brand) list.push({ brand, version: String(major) });
  const order = list.length === 2 ? [major % 2, (major + 1) % 2] : ORDERS_OF_THREE[major % 6]!;
  const shuffled: Brand[] = new Array<Brand>(list.length);
  list.forEach((entry, i) => (shuffled[order[i]!] = entry));
  return shuffled;
}

/** The `sec-ch-ua` header value (a structured-field list: `"Brand";v="156", ...`). */
export function secChUa(major: number, brand?: string): string {
  return chromiumBrands(major, brand)
    .map((b) => `"${b.brand}";v="${b.version}"`)
    .join(', ');
}
