/**
 * What a run actually put on the wire, read from the mock's request log before its instance is dropped: a checksum
 * mode that silently fell back to another (per-chunk without the server's announcement) must not be measured as
 * if it had run.
 */
import type { MockState } from '../../src/mock/types.ts';

export interface Wire {
  /** tus requests that carried file bytes (creation-with-upload and PATCH). */
  dataRequests: number;
  /** Of those, the ones with `Upload-Checksum`. */
  chunkChecksums: number;
  /** Uploads created with a `checksum` metadata field. */
  metadataChecksums: number;
  /** PROPFINDs with Depth 0 (after a file is stored: its id, and with `verify` the server's SHA-1). */
  propfinds: number;
  /** PROPFINDs with Depth 1 after the first upload began (small stored files confirmed together, `stored-batch.ts`). */
  listings: number;
  uploads: number;
}

export function wireOf(state: MockState): Wire {
  const data = state.requests.filter(
    (r) => (r.route === 'tus-create' || r.route === 'tus-patch') && r.bytesReceived > 0,
  );
  const firstUpload = state.requests.find((r) => r.route === 'tus-create')?.seq ?? Number.POSITIVE_INFINITY;
  return {
    dataRequests: data.length,
    chunkChecksums: data.filter((r) => r.headers['upload-checksum'] !== undefined).length,
    metadataChecksums: state.uploads.filter((u) => u.metadataKeys.includes('checksum')).length,
    propfinds: state.requests.filter((r) => r.route === 'propfind' && r.headers.depth === '0').length,
    listings: state.requests.filter((r) => r.route === 'propfind' && r.headers.depth === '1' && r.seq > firstUpload)
      .length,
    uploads: state.uploads.length,
  };
}

/** A short account for the notes: "26 data requests, 26 with Upload-Checksum, 1 metadata checksum, 1 PROPFIND, 0 listings". */
export function describeWire(w: Wire): string {
  return [
    `${w.dataRequests} data requests`,
    `${w.chunkChecksums} with Upload-Checksum`,
    `${w.metadataChecksums} metadata checksum${w.metadataChecksums === 1 ? '' : 's'}`,
    `${w.propfinds} PROPFIND${w.propfinds === 1 ? '' : 's'} (Depth 0)`,
    `${w.listings} folder listing${w.listings === 1 ? '' : 's'} (Depth 1)`,
  ].join(', ');
}
