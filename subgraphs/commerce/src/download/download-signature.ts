import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a download link names: one file of one grant, until a moment. */
export interface DownloadLink {
  organizationId: string;
  grantId: string;
  fileId: string;
  /** Unix seconds after which the link is refused. */
  expires: number;
}

/**
 * HMAC-SHA256 signatures of download links with a server secret: a link whose organization,
 * grant, file or expiry was changed no longer matches its signature.
 */
export class DownloadSigner {
  constructor(private readonly secret: string) {}

  sign(link: DownloadLink): string {
    return createHmac('sha256', this.secret)
      .update([link.organizationId, link.grantId, link.fileId, String(link.expires)].join('\n'))
      .digest('base64url');
  }

  /** Compares in constant time, so the signature cannot be guessed byte by byte. */
  verify(link: DownloadLink, signature: string): boolean {
    const expected = Buffer.from(this.sign(link));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** `<baseUrl>/downloads/<organization>/<grant>/<file>?expires=…&signature=…`. */
  url(baseUrl: string, link: DownloadLink): string {
    const url = new URL(`downloads/${link.organizationId}/${link.grantId}/${link.fileId}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    url.searchParams.set('expires', String(link.expires));
    url.searchParams.set('signature', this.sign(link));
    return url.toString();
  }
}
