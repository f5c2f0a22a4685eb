/** The header both faces name unused input in: the model's unknown fields, parameters a call does not take. */
export const IGNORED_HEADER = 'x-topograph-ignored-fields';

/**
 * A header-safe rendering of key names, which come from the client: the first 20, each as written when it is
 * printable ASCII without a comma (at most 64 characters), else percent-encoded. A raw name with a character a
 * header can't carry (a NUL, a non-ASCII letter) would fail the whole answer after the call was done.
 */
export const headerSafe = (names: string[]) =>
  names
    .slice(0, 20)
    .map((n) => (/^[\x21-\x2b\x2d-\x7e]{1,64}$/.test(n) ? n : encodeURIComponent(n.replace(/[\ud800-\udfff]/g, '\ufffd')).slice(0, 64)))
    .join(',');
