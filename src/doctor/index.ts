/** `runDoctor`: every check against one deployment, as a report (the CLI prints it; tests read it). */
import { folderUrl } from '../core/endpoints.js';
import type { DoctorOptions } from './args.js';
import { type Context, checkCapabilities, checkCredentials } from './checks.js';
import { checkRefusedToken, findSpace, type SpaceFound } from './graph.js';
import { describeError, type HttpClient, httpClient } from './http.js';
import { checkOptIns, checkPreflights, routeProbes } from './preflights.js';
import { type DoctorReport, makeReport } from './report.js';
import { authorizationFor } from './token.js';
import { scratchUpload } from './upload.js';

export type { DoctorOptions } from './args.js';
export { parseDoctorArgs } from './args.js';
export { type Check, type DoctorReport, exitCode, formatReport, reportJson } from './report.js';

/** Placeholders where no real id is known: a preflight only needs the route. */
const PLACEHOLDER_SPACE = 'space-uploader-doctor$placeholder';

export async function runDoctor(
  options: Pick<DoctorOptions, 'server' | 'origin' | 'auth' | 'spaceId' | 'insecure' | 'corsAllowedHeaders'>,
  client: HttpClient = httpClient({ insecure: options.insecure }),
): Promise<DoctorReport> {
  const ctx: Context = {
    client,
    server: options.server,
    origin: options.origin,
    optIn: options.corsAllowedHeaders,
    checks: [],
    prefix: 'OCIS',
  };
  const done = (extra: Partial<DoctorReport> = {}) =>
    makeReport({ server: options.server, origin: options.origin, ...extra, checks: ctx.checks });
  if (options.auth) {
    try {
      ctx.authorization = await authorizationFor(options.auth);
    } catch (error) {
      ctx.checks.push({ id: 'credentials', status: 'fail', title: `no token: ${describeError(error)}` });
    }
  }
  const caps = await checkCapabilities(ctx);
  if (!caps) return done();
  const extra = { ...(caps.product ? { product: caps.product } : {}), transfer: caps.transfer };
  const echoes: boolean[] = [];
  try {
    const signedIn = await checkCredentials(ctx);
    const space: SpaceFound | undefined = signedIn ? await findSpace(ctx, options.spaceId, echoes) : undefined;
    const spaceId = space?.id ?? options.spaceId ?? PLACEHOLDER_SPACE;
    const override = caps.capabilities.tus?.methodOverride ?? false;
    const probes = routeProbes(
      options.server,
      folderUrl(options.server, spaceId, ''),
      `${options.server}/data/space-uploader-doctor-probe`,
      spaceId,
      override,
    );
    await checkPreflights(ctx, probes, caps.transfer, override);
    await checkOptIns(ctx, probes);
    if (space) await scratchUpload(ctx, caps, space, echoes);
    else
      ctx.checks.push({
        id: 'upload',
        status: 'warn',
        title: 'scratch upload skipped: no working credentials',
        fix: 'pass --token, --token-command or --user/--password to try a real upload',
      });
    await checkRefusedToken(ctx);
    if (echoes.length)
      ctx.checks.push(
        echoes.every(Boolean)
          ? {
              id: 'request-ids',
              status: 'ok',
              title: 'the server keeps the X-Request-ID the library sends: error reports cite ids found in its log',
            }
          : {
              id: 'request-ids',
              status: 'warn',
              title:
                'the server replaces the X-Request-ID the library sends: an error report cites the id it sent, which the server log may not show',
            },
      );
  } catch (error) {
    ctx.checks.push({ id: 'doctor', status: 'fail', title: `the checks stopped: ${describeError(error)}` });
  }
  return done(extra);
}
