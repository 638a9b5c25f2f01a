// An application/x-www-form-urlencoded body read the way the Koa path's body parser reads it
// for plain keys (`data=...&sign=...`, as 2.9.6 sends): "+" is a space, a value whose percent
// escapes are broken is kept undecoded, a repeated key becomes a list.

export type FormFields = Record<string, string | string[]>;

export function parseFormText(text: string): FormFields {
  const fields: FormFields = {};
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) addPair(fields, text.slice(start, end));
    start = end + 1;
  }
  return fields;
}

function addPair(fields: FormFields, pair: string): void {
  const equals = pair.indexOf('=');
  const key = decode(equals === -1 ? pair : pair.slice(0, equals));
  // Keys that would reach an object's prototype are dropped, as the body parser drops them.
  if (key === '' || key === '__proto__' || key in Object.prototype) return;
  const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
  const earlier = fields[key];
  if (earlier === undefined) fields[key] = value;
  else if (typeof earlier === 'string') fields[key] = [earlier, value];
  else earlier.push(value);
}

function decode(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
