/** HS256 JWTs for upload URLs, as reva issues them (`{ aud: 'reva', exp, iat, target }`). */
import { createHMAC, createSHA256 } from 'hash-wasm';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './util.js';

export interface UploadTokenClaims {
  aud: string;
  exp: number;
  iat: number;
  target: string;
}

const HEADER = toBase64Url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

// hash-wasm rather than WebCrypto: crypto.subtle is missing outside secure contexts (Storybook over plain HTTP).
async function hmac(secret: string, data: string): Promise<string> {
  const mac = await createHMAC(createSHA256(), secret);
  mac.init();
  mac.update(data);
  return toBase64Url(mac.digest('binary'));
}

export async function signUploadToken(secret: string, claims: UploadTokenClaims): Promise<string> {
  const body = `${HEADER}.${toBase64Url(utf8(JSON.stringify(claims)))}`;
  return `${body}.${await hmac(secret, body)}`;
}

/** The claims of a token whose signature is valid, else `undefined`. Expiry is the caller's to judge. */
export async function verifyUploadToken(secret: string, token: string): Promise<UploadTokenClaims | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  if ((await hmac(secret, `${header}.${payload}`)) !== signature) return undefined;
  const bytes = fromBase64Url(payload);
  if (!bytes) return undefined;
  try {
    const claims = JSON.parse(fromUtf8(bytes)) as Partial<UploadTokenClaims>;
    if (typeof claims.exp !== 'number' || typeof claims.target !== 'string') return undefined;
    return claims as UploadTokenClaims;
  } catch {
    return undefined;
  }
}
