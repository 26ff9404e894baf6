/**
 * One tus upload from Node (tus-js-client's Node build) through the stall-detecting stack, for the fault-proxy tests
 * against the mock and the real server.
 */
import { DefaultHttpStack, Upload } from 'tus-js-client';
import { createStallDetectingHttpStack, type StallInfo } from '../../src/core/stall.ts';

export interface NodeTusUpload {
  /** The folder URL the file is created in. */
  endpoint: string;
  name: string;
  data: Buffer;
  headers: Record<string, string>;
  chunkSize?: number;
  stallMs?: number;
  bodilessStallMs?: number;
}

export interface NodeTusOutcome {
  stalls: (StallInfo & { at: number })[];
  /** When tus-js-client reported progress (ms since the epoch), and the bytes. */
  progress: { at: number; bytes: number }[];
  uploadUrl: string;
}

export function uploadWithTus(options: NodeTusUpload): Promise<NodeTusOutcome> {
  const stalls: NodeTusOutcome['stalls'] = [];
  const progress: NodeTusOutcome['progress'] = [];
  const httpStack = createStallDetectingHttpStack(new DefaultHttpStack({}), {
    stallMs: options.stallMs ?? 30_000,
    bodilessStallMs: options.bodilessStallMs ?? 15_000,
    onStall: (stall) => stalls.push({ ...stall, at: Date.now() }),
  });
  return new Promise((resolve, reject) => {
    const upload = new Upload(options.data, {
      endpoint: options.endpoint,
      chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
      retryDelays: [0, 200, 500],
      headers: options.headers,
      metadata: { filename: options.name },
      httpStack,
      onProgress: (bytes) => progress.push({ at: Date.now(), bytes }),
      onSuccess: () => resolve({ stalls, progress, uploadUrl: upload.url ?? '' }),
      onError: reject,
    });
    upload.start();
  });
}
