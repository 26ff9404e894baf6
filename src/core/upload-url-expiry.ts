/**
 * When an oCIS upload URL expires, read from the URL itself: its last segment is a JWT whose `exp` (unix seconds)
 * is what `Upload-Expires` says — which oCIS does not expose to other origins. `undefined` for any other URL.
 */
export function uploadUrlExpiry(uploadUrl: string): number | undefined {
  const token = uploadUrl.split(/[?#]/)[0]?.split('/').pop() ?? '';
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
  } catch {
    return undefined;
  }
}
