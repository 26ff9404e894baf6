/**
 * Random UUIDs without `crypto.randomUUID`, which needs a secure context (an app served over plain HTTP on
 * a LAN address has none). The mock has its own copy on purpose: it shares no code with the client.
 */
export function randomUuid(): string {
  // Native where allowed: about 10x faster, which counts when 10,000 files are added at once.
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
