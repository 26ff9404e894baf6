/** The doctor against a small fake oCIS on 127.0.0.1 (port 0): what it reports, how it prints, its exit code. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCode, formatReport, reportJson, runDoctor } from '../../src/doctor/index.ts';
import type { DoctorReport } from '../../src/doctor/report.ts';

const ALLOWED_ORIGIN = 'https://app.example.com';
/** A stock oCIS's allowed request headers, as far as the library is concerned (lower-case). */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'depth',
  'ocs-apirequest',
  'tus-resumable',
  'upload-checksum',
  'upload-length',
  'upload-metadata',
  'upload-offset',
  'x-http-method-override',
  'x-request-id',
  'x-requested-with',
];
const requestedLists: string[] = [];

const capabilities = {
  ocs: {
    meta: { status: 'ok', statuscode: 100, message: 'OK' },
    data: {
      version: { string: '7.1.0', product: 'Infinite Scale', productversion: '7.1.0' },
      capabilities: {
        files: {
          tus_support: {
            version: '1.0.0',
            resumable: '1.0.0',
            extension: 'creation,creation-with-upload',
            max_chunk_size: 10000000,
            http_method_override: '',
          },
        },
      },
    },
  },
};

/** Answers like oCIS's CORS middleware: a refused preflight is a 204 with only Vary. */
const server = http.createServer((req, res) => {
  const origin = req.headers.origin;
  const allowed = origin === ALLOWED_ORIGIN;
  res.setHeader('X-Request-Id', req.headers['x-request-id'] ?? 'fake-1');
  if (req.method === 'OPTIONS') {
    const list = String(req.headers['access-control-request-headers'] ?? '');
    if (list) requestedLists.push(list);
    const names = list.split(',').filter(Boolean);
    res.setHeader('Vary', 'Origin');
    if (allowed && names.every((n) => ALLOWED_HEADERS.includes(n))) {
      res.setHeader('Access-Control-Allow-Origin', ALLOWED_ORIGIN);
      res.setHeader('Access-Control-Allow-Methods', String(req.headers['access-control-request-method']));
      if (list) res.setHeader('Access-Control-Allow-Headers', list);
    }
    res.writeHead(204).end();
    return;
  }
  if (req.url?.startsWith('/ocs/v1.php/cloud/capabilities')) {
    if (allowed) res.setHeader('Access-Control-Allow-Origin', ALLOWED_ORIGIN);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(capabilities));
    return;
  }
  // Everything else wants a token: 401 without CORS headers, like the oCIS proxy.
  res.writeHead(401).end();
});

let url: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const run = (origin: string, corsAllowedHeaders: string[] = []) =>
  runDoctor({ server: url, origin, insecure: false, corsAllowedHeaders });
const byId = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id);

describe('doctor against a fake oCIS', () => {
  it('an allowed origin with the default headers: exit 0, opt-in headers only warned about', async () => {
    const report = await run(ALLOWED_ORIGIN);
    expect(exitCode(report)).toBe(0);
    expect(report).toMatchObject({ product: 'Infinite Scale', transfer: 'tus', ok: true });
    expect(byId(report, 'cors.tus-create')?.status).toBe('ok');
    expect(byId(report, 'opt-in.initiator-id')).toMatchObject({ status: 'warn' });
    expect(byId(report, 'opt-in.initiator-id')?.fix).toContain('OCIS_CORS_ALLOW_HEADERS');
    expect(byId(report, 'cors.refused-token')).toMatchObject({ status: 'warn', httpStatus: 401 });
    // Preflights name the headers as a browser does: lower-case, sorted, comma-separated.
    for (const list of requestedLists) expect(list).toBe([...list.split(',')].sort().join(','));
    const text = formatReport(report);
    expect(text).toContain('✓ CORS tus POST /remote.php/dav/spaces/{id}/…: allowed\n');
    expect(text).toMatch(
      /^! opt-in Initiator-ID refused on every route it goes to: .*\n {4}it carries the uploader instance id/m,
    );
    expect(text).toMatch(/All the library needs works \(\d+ warnings\)\.\n$/);
  });

  it('a refused origin: every route fails with the setting to change, exit 1', async () => {
    const report = await run('https://elsewhere.example.com');
    expect(exitCode(report)).toBe(1);
    const propfind = byId(report, 'cors.propfind');
    expect(propfind).toMatchObject({ status: 'fail', title: expect.stringContaining('not allowed') });
    expect(propfind?.fix).toBe(
      'add https://elsewhere.example.com to OCIS_CORS_ALLOW_ORIGINS (all services) or OCDAV_CORS_ALLOW_ORIGINS (this route only)',
    );
    expect(byId(report, 'cors.capabilities.response')?.status).toBe('fail');
    // A route the chosen transfer does not use only warns.
    expect(byId(report, 'cors.put')?.status).toBe('warn');
    expect(formatReport(report)).toMatch(/^✗ CORS PROPFIND .*\n {4}fix: add https:\/\/elsewhere\.example\.com to /m);
  });

  it('an opt-in header the app will send but the server refuses: named per route, exit 1', async () => {
    const report = await run(ALLOWED_ORIGIN, ['Initiator-ID']);
    expect(exitCode(report)).toBe(1);
    const patch = byId(report, 'cors.tus-patch');
    expect(patch).toMatchObject({
      status: 'fail',
      title: expect.stringContaining('request header Initiator-ID refused'),
    });
    expect(patch?.fix).toContain('FRONTEND_CORS_ALLOW_HEADERS');
    expect(byId(report, 'cors.capabilities')?.status).toBe('ok');
    expect(JSON.parse(reportJson(report))).toMatchObject({ ok: false, origin: ALLOWED_ORIGIN });
  });

  it('an unreachable server is one failed check', async () => {
    const report = await runDoctor({
      server: 'http://127.0.0.1:1',
      origin: ALLOWED_ORIGIN,
      insecure: false,
      corsAllowedHeaders: [],
    });
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ id: 'capabilities', status: 'fail' });
  });
});

describe('report text', () => {
  it('one line per check, details and fix under problems only, a summary', () => {
    const report: DoctorReport = {
      server: 'https://s',
      origin: 'https://o',
      ok: false,
      checks: [
        { id: 'a', status: 'ok', title: 'works', details: ['hidden when ok'] },
        { id: 'b', status: 'warn', title: 'costs', details: ['why'], fix: 'do this', httpStatus: 201, requestId: 'r1' },
        { id: 'c', status: 'fail', title: 'broken', fix: 'do that' },
      ],
    };
    expect(formatReport(report)).toBe(
      [
        'space-uploader doctor: https://s from origin https://o',
        '✓ works',
        '! costs (HTTP 201, X-Request-Id r1)',
        '    why',
        '    fix: do this',
        '✗ broken',
        '    fix: do that',
        '1 problem to fix, 1 warning.',
        '',
      ].join('\n'),
    );
    expect(formatReport(report, { verbose: true })).toContain('✓ works\n    hidden when ok\n');
  });
});
