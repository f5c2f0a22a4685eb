import { describe, expect, it } from 'vitest';
import { redactedUrl } from './redacted-url.js';

describe('redactedUrl', () => {
  it('replaces the values of credential parameters, and only those', () => {
    expect(redactedUrl('/api/c/compapi/v2/cc/search_set/?bk_app_code=app&bk_app_secret=s3cret&bk_token=t0k&bk_biz_id=3')).toBe(
      '/api/c/compapi/v2/cc/search_set/?bk_app_code=app&bk_app_secret=[Redacted]&bk_token=[Redacted]&bk_biz_id=3',
    );
    expect(redactedUrl('/x?%62k_app_secret=s3cret&Password=p')).toBe('/x?%62k_app_secret=[Redacted]&Password=[Redacted]');
  });

  it('judges names decoded, whatever their escapes, and takes ; as a separator too', () => {
    // The parser reads bk_app_s%65cret as bk_app_secret; a value without "secret" in it must not slip through.
    expect(redactedUrl('/x?bk_app_code=app&bk_app_s%65cret=Kq7vZp2m&bk_t%6Fken=abc')).toBe(
      '/x?bk_app_code=app&bk_app_s%65cret=[Redacted]&bk_t%6Fken=[Redacted]',
    );
    expect(redactedUrl('/x?bk_app_code=app;bk_app_secret=Kq7vZp2m&b=1')).toBe('/x?bk_app_code=app;bk_app_secret=[Redacted]&b=1');
  });

  it('leaves a URL without credentials as it was', () => {
    for (const url of ['/healthz', '/openapi/v1/regions/r1/status?probe=true', '/x?a=1&b', '/x?%E0%A4%A=1']) expect(redactedUrl(url)).toBe(url);
  });
});
