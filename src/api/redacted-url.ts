const SENSITIVE = /secret|token|password|authorization/i;

/**
 * A URL as it may be logged or answered: the values of query parameters that may hold a credential
 * (bk_app_secret and bk_token, which ESB calls by GET carry there) replaced by [Redacted].
 */
export const redactedUrl = (url: string): string => {
  const at = url.indexOf('?');
  if (at === -1 || !SENSITIVE.test(url.slice(at))) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as sent.
      }
      return SENSITIVE.test(decoded) ? `${name}=[Redacted]` : pair;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
};
