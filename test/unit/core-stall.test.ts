/**
 * The stall-detecting HttpStack with a fake inner stack and fake timers: what counts as movement, when a request is
 * given up, what the caller sees, and that tus-js-client itself retries a stalled PATCH from the server's offset.
 */
import { Upload } from 'tus-js-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TusHttpRequest, TusHttpResponse, TusHttpStack } from '../../src/core/checksum.ts';
import { createStallDetectingHttpStack, isStall, StallError, type StallInfo } from '../../src/core/stall.ts';

/** A request whose fate the test decides: progress, an answer, a failure; records aborts. */
class FakeRequest implements TusHttpRequest {
  headers = new Map<string, string>();
  progress: ((bytes: number) => void) | undefined;
  aborted = 0;
  body: unknown;
  private settle: { resolve(r: TusHttpResponse): void; reject(e: unknown): void } | undefined;
  constructor(
    readonly method: string,
    readonly url: string,
  ) {}
  getMethod = () => this.method;
  getURL = () => this.url;
  setHeader = (h: string, v: string) => void this.headers.set(h.toLowerCase(), v);
  getHeader = (h: string) => this.headers.get(h.toLowerCase());
  setProgressHandler = (handler: (bytes: number) => void) => {
    this.progress = handler;
  };
  send(body?: unknown) {
    this.body = body;
    return new Promise<TusHttpResponse>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }
  abort() {
    this.aborted++;
    // Like Node's stack: the pending send fails once the socket is destroyed.
    this.settle?.reject(new Error('socket hang up'));
    return Promise.resolve();
  }
  getUnderlyingObject = () => this;
  answer(status: number, headers: Record<string, string> = {}) {
    this.settle?.resolve(response(status, headers));
  }
  fail(error: unknown) {
    this.settle?.reject(error);
  }
}

const response = (status: number, headers: Record<string, string> = {}): TusHttpResponse => ({
  getStatus: () => status,
  getHeader: (name) => headers[name.toLowerCase()],
  getBody: () => '',
  getUnderlyingObject: () => undefined,
});

function fakeStack() {
  const requests: FakeRequest[] = [];
  const stack: TusHttpStack = {
    getName: () => 'Fake',
    createRequest(method, url) {
      const request = new FakeRequest(method, url);
      requests.push(request);
      return request;
    },
  };
  return { stack, requests };
}

const settled = async <T>(promise: Promise<T>) => {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  return state;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createStallDetectingHttpStack', () => {
  it('a body that keeps moving is never cut; one that stops is aborted exactly stallMs after its last progress', async () => {
    const { stack, requests } = fakeStack();
    const stalls: StallInfo[] = [];
    const seen: number[] = [];
    const wrapped = createStallDetectingHttpStack(stack, { stallMs: 3000, onStall: (s) => stalls.push(s) });
    const request = wrapped.createRequest('PATCH', 'https://s/data/u1');
    request.setHeader('X-Request-ID', 'r1');
    request.setProgressHandler((n) => seen.push(n));
    const sending = request.send(new Uint8Array(10_000));
    const inner = requests[0] as FakeRequest;
    for (let i = 1; i <= 5; i++) {
      await vi.advanceTimersByTimeAsync(2500);
      inner.progress?.(i * 1000);
    }
    expect(await settled(sending)).toBe('pending');
    // The same figure again is no movement.
    await vi.advanceTimersByTimeAsync(1500);
    inner.progress?.(5000);
    await vi.advanceTimersByTimeAsync(1499);
    expect(await settled(sending)).toBe('pending');
    expect(inner.aborted).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await expect(sending).rejects.toBeInstanceOf(StallError);
    await expect(sending).rejects.toMatchObject({
      stall: { method: 'PATCH', url: 'https://s/data/u1', withBody: true, bytesSent: 5000, idleMs: 3000 },
    });
    expect(inner.aborted).toBe(1);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]?.request.getHeader('X-Request-ID')).toBe('r1');
    // The caller's own progress handler got every report.
    expect(seen).toEqual([1000, 2000, 3000, 4000, 5000, 5000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the wait for the answer after the last byte counts as silence too', async () => {
    const { stack, requests } = fakeStack();
    const request = createStallDetectingHttpStack(stack, { stallMs: 1000 }).createRequest('PATCH', 'u');
    const sending = request.send(new Blob(['0123456789']));
    const expectation = expect(sending).rejects.toMatchObject({ name: 'StallError', stall: { bytesSent: 10 } });
    requests[0]?.progress?.(10);
    await vi.advanceTimersByTimeAsync(1000);
    await expectation;
  });

  it('a request without a body gets bodilessStallMs to answer', async () => {
    const { stack, requests } = fakeStack();
    const wrapped = createStallDetectingHttpStack(stack, { stallMs: 30_000, bodilessStallMs: 2000 });
    const head = wrapped.createRequest('HEAD', 'https://s/data/u1').send(null);
    const creation = wrapped.createRequest('POST', 'https://s/dav').send(undefined);
    const emptyBody = wrapped.createRequest('PATCH', 'https://s/data/u2').send(new Uint8Array(0));
    const outcomes = Promise.allSettled([head, creation, emptyBody]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(await settled(head)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    for (const outcome of await outcomes)
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: { name: 'StallError', stall: { withBody: false, idleMs: 2000, bytesSent: 0 } },
      });
    expect(requests.map((r) => r.aborted)).toEqual([1, 1, 1]);
  });

  it('an answer in time passes through untouched and leaves no timer behind', async () => {
    const { stack, requests } = fakeStack();
    const onStall = vi.fn();
    const request = createStallDetectingHttpStack(stack, { stallMs: 1000, onStall }).createRequest('PATCH', 'u');
    const sending = request.send(new Uint8Array(5));
    await vi.advanceTimersByTimeAsync(900);
    requests[0]?.answer(204, { 'upload-offset': '5' });
    const answer = await sending;
    expect(answer.getStatus()).toBe(204);
    expect(answer.getHeader('Upload-Offset')).toBe('5');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onStall).not.toHaveBeenCalled();
    expect(requests[0]?.aborted).toBe(0);
  });

  it("other failures and the caller's own abort are passed through, with no stall reported", async () => {
    const { stack, requests } = fakeStack();
    const onStall = vi.fn();
    const wrapped = createStallDetectingHttpStack(stack, { stallMs: 1000, onStall });
    const failing = wrapped.createRequest('PATCH', 'u').send(new Uint8Array(5));
    const refused = new Error('ECONNREFUSED');
    requests[0]?.fail(refused);
    await expect(failing).rejects.toBe(refused);

    const aborted = wrapped.createRequest('PATCH', 'u');
    const sending = aborted.send(new Uint8Array(5));
    await aborted.abort();
    await expect(sending).rejects.toThrow('socket hang up');
    expect(requests[1]?.aborted).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onStall).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('no progress is passed on from inside an abort (an XHR reports one last progress event there)', async () => {
    const { stack, requests } = fakeStack();
    const wrapped = createStallDetectingHttpStack(stack, { stallMs: 1000 });
    const seen: number[] = [];
    for (const [method, body] of [
      ['PATCH', new Uint8Array(5)],
      ['HEAD', null],
    ] as const) {
      const request = wrapped.createRequest(method, 'u');
      request.setProgressHandler((bytes) => seen.push(bytes));
      const sending = request.send(body);
      requests.at(-1)?.progress?.(2);
      const inner = requests.at(-1);
      if (inner) {
        const abort = inner.abort.bind(inner);
        // As XMLHttpRequest.abort() does: a progress event first, then the abort.
        inner.abort = () => {
          inner.progress?.(3);
          return abort();
        };
      }
      await request.abort();
      await expect(sending).rejects.toThrow('socket hang up');
    }
    expect(seen).toEqual([2, 2]);
  });

  it('0 or Infinity turns the watch off', async () => {
    const { stack, requests } = fakeStack();
    const wrapped = createStallDetectingHttpStack(stack, { stallMs: 0, bodilessStallMs: Number.POSITIVE_INFINITY });
    const patch = wrapped.createRequest('PATCH', 'u').send(new Uint8Array(5));
    const head = wrapped.createRequest('HEAD', 'u').send(null);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(await settled(patch)).toBe('pending');
    expect(await settled(head)).toBe('pending');
    for (const r of requests) r.answer(204);
  });

  it('isStall recognises the error and a tus-js-client error caused by it', () => {
    const stall = new StallError({
      method: 'PATCH',
      url: 'u',
      withBody: true,
      bytesSent: 1,
      idleMs: 1,
      request: new FakeRequest('PATCH', 'u'),
    });
    expect(isStall(stall)).toBe(true);
    expect(isStall(Object.assign(new Error('tus: failed to upload chunk'), { causingError: stall }))).toBe(true);
    expect(isStall(new Error('socket hang up'))).toBe(false);
    expect(isStall(undefined)).toBe(false);
  });
});

describe('tus-js-client with the stall stack', () => {
  it('retries a PATCH that went silent: HEAD for the offset, then only the missing bytes', async () => {
    const { stack, requests } = fakeStack();
    const data = Buffer.from(new Uint8Array(100).map((_, i) => i));
    const received: number[] = [];
    let offset = 0;
    // A tiny tus server on the fake stack; the first PATCH takes 40 bytes, then goes silent.
    const serve = (request: FakeRequest) => {
      const method = request.method;
      if (method === 'POST') return request.answer(201, { location: 'https://s/data/u1' });
      if (method === 'HEAD') return request.answer(200, { 'upload-offset': String(offset), 'upload-length': '100' });
      const body = request.body as Uint8Array;
      const start = Number(request.getHeader('Upload-Offset'));
      expect(start).toBe(offset);
      const taken = requests.filter((r) => r.method === 'PATCH').length === 1 ? 40 : body.length;
      received.push(...body.subarray(0, taken));
      offset += taken;
      request.progress?.(taken);
      if (taken === body.length) request.answer(204, { 'upload-offset': String(offset) });
    };
    const wrapped = createStallDetectingHttpStack(
      {
        getName: () => 'Serving',
        createRequest(method, url) {
          const request = stack.createRequest(method, url) as FakeRequest;
          const send = request.send.bind(request);
          request.send = (body) => {
            const answer = send(body);
            serve(request);
            return answer;
          };
          return request;
        },
      },
      { stallMs: 5000 },
    );
    const outcome = new Promise<void>((resolve, reject) => {
      new Upload(data, {
        endpoint: 'https://s/dav',
        httpStack: wrapped,
        retryDelays: [0],
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
    // The stall at 5000 ms, then tus-js-client's retry after retryDelays[0].
    await vi.advanceTimersByTimeAsync(10);
    await outcome;
    expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'HEAD', 'PATCH']);
    expect(requests[1]?.aborted).toBe(1);
    expect(requests[3]?.getHeader('Upload-Offset')).toBe('40');
    expect(received).toEqual([...data]);
  });
});
