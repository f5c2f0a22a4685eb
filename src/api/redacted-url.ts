const SENSITIVE = /secret|token|password|authorization/i;

/** A query parameter's name as the query-string parser reads it (a malformed escape is judged as sent). */
function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * A URL as it may be logged or answered: the values of query parameters that may hold a credential
 * (bk_app_secret and bk_token, which ESB calls by GET carry there) replaced by [Redacted]. Names are judged
 * decoded (`bk_app_s%65cret` is bk_app_secret to the parser), and `;` separates pairs here as `&` does, so
 * a secret that a lenient client puts after one is not logged either.
 */
export const redactedUrl = (url: string): string => {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const parts = url.slice(at + 1).split(/([&;])/);
  let changed = false;
  for (let i = 0; i < parts.length; i += 2) {
    const pair = parts[i]!;
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (SENSITIVE.test(decodedName(name))) {
      parts[i] = `${name}=[Redacted]`;
      changed = true;
    }
  }
  return changed ? `${url.slice(0, at)}?${parts.join('')}` : url;
};
