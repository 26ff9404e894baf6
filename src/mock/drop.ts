/**
 * The core cannot cut a connection itself: it answers a special Response, and each adapter turns that into
 * its own kind of network failure (Node destroys the socket, msw answers `HttpResponse.error()`).
 */
const dropped = new WeakSet<Response>();

export function dropResponse(): Response {
  const response = new Response(null, { status: 500 });
  dropped.add(response);
  return response;
}

export const isDropResponse = (response: Response): boolean => dropped.has(response);
