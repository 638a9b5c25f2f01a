// Some old receivers (and some proxies) URL-encode `data` twice, so after the usual decoding
// it still reads "%7B%22action%22...". We undo one extra layer, the way HTML form decoding
// does: "+" is a space, "%XX" is a byte, malformed escapes stay as they are, and byte
// sequences that are not UTF-8 become U+FFFD. Never throws.

const utf8 = new TextEncoder();
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** application/x-www-form-urlencoded value decoding of one string. */
export function formDecode(text: string): string {
  const withSpaces = text.replace(/\+/g, ' ');
  if (!withSpaces.includes('%')) return withSpaces;
  const bytes: number[] = [];
  let i = 0;
  while (i < withSpaces.length) {
    const code = withSpaces.charCodeAt(i);
    if (
      code === 0x25 /* % */ &&
      i + 2 < withSpaces.length &&
      isHexDigit(withSpaces.charCodeAt(i + 1)) &&
      isHexDigit(withSpaces.charCodeAt(i + 2))
    ) {
      bytes.push(parseInt(withSpaces.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    // Copy one code point (a surrogate pair stays together) as its UTF-8 bytes.
    const point = withSpaces.codePointAt(i) ?? code;
    const width = point > 0xffff ? 2 : 1;
    for (const byte of utf8.encode(withSpaces.slice(i, i + width))) bytes.push(byte);
    i += width;
  }
  return utf8Lenient.decode(Uint8Array.from(bytes));
}

/** True when the text looks like a JSON object that was URL-encoded once more. */
export function looksDoubleEncoded(text: string): boolean {
  return /^\s*%7b/i.test(text);
}
