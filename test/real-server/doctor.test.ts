/**
 * `space-uploader doctor` against the real server: from the allowed origin with a real token (clean bill, the
 * scratch upload done and removed), from a refused origin, and as the CLI with --initiator-id.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { exitCode, formatReport, runDoctor } from '../../src/doctor/index.ts';
import type { DoctorReport } from '../../src/doctor/report.ts';
import { fetchToken, rawRequest } from './support/server.ts';

const server = inject('realServer');
const cli = fileURLToPath(new URL('../../src/doctor/cli.ts', import.meta.url));
const byId = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id);

/** The CLI run by Node with tsx's loader: its exit code and output. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cli, ...args], { timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!server)('space-uploader doctor against the real server', () => {
  if (!server) return;

  it('allowed origin + real token: exit 0, scratch upload done and removed, refused opt-ins as warnings', async () => {
    const { access_token } = await fetchToken(server);
    const report = await runDoctor({
      server: server.baseUrl,
      origin: server.crossOrigin,
      auth: { kind: 'token', token: access_token },
      insecure: true,
      corsAllowedHeaders: [],
    });
    const text = formatReport(report);
    expect(exitCode(report), text).toBe(0);
    for (const id of [
      'upload.mkcol',
      'upload.tus-head',
      'upload.tus-delete',
      'upload.propfind',
      'upload.result',
      'upload.cleanup',
    ])
      expect(byId(report, id)?.status, `${id}\n${text}`).toBe('ok');
    expect(byId(report, 'upload.result')?.title).toContain('SHA1 matches the bytes sent');
    expect(byId(report, 'upload.tus-patch')?.requestId).toBeTruthy();
    for (const id of ['opt-in.initiator-id', 'opt-in.x-oc-mtime', 'opt-in.oc-checksum'])
      expect(byId(report, id), text).toMatchObject({
        status: 'warn',
        fix: expect.stringContaining('OC_CORS_ALLOW_HEADERS'),
      });
    expect(byId(report, 'cors.refused-token')?.title).toContain('looks like a network error to the page');

    // The scratch folder is gone.
    const folder = /space-uploader-doctor-[0-9a-f]{8}/.exec(byId(report, 'upload.mkcol')?.title ?? '')?.[0];
    expect(folder).toBeTruthy();
    const drives = await rawRequest(server, 'GET', '/graph/v1.0/me/drives', {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    const personal = (JSON.parse(drives.text) as { value: Array<{ id: string; driveType: string }> }).value.find(
      (d) => d.driveType === 'personal',
    );
    const gone = await rawRequest(server, 'PROPFIND', `/remote.php/dav/spaces/${personal?.id}/${folder}`, {
      headers: { Authorization: `Bearer ${access_token}`, Depth: '0' },
    });
    expect(gone.status).toBe(404);
  });

  it('a refused origin: not allowed, exit 1, the setting named', async () => {
    const report = await runDoctor({
      server: server.baseUrl,
      origin: 'http://127.0.0.1:5198',
      insecure: true,
      corsAllowedHeaders: [],
    });
    expect(exitCode(report)).toBe(1);
    expect(byId(report, 'cors.tus-create')).toMatchObject({
      status: 'fail',
      title: expect.stringContaining('origin http://127.0.0.1:5198 not allowed'),
      fix: 'add http://127.0.0.1:5198 to OC_CORS_ALLOW_ORIGINS (all services) or OCDAV_CORS_ALLOW_ORIGINS (this route only)',
    });
  });

  it('the CLI with --initiator-id on the allowed origin: the header problem per route, exit 1', async () => {
    const { code, stdout, stderr } = await runCli([
      'doctor',
      server.baseUrl,
      '--origin',
      server.crossOrigin,
      '--insecure',
      '--initiator-id',
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as DoctorReport;
    for (const id of [
      'cors.graph-me-drives',
      'cors.propfind',
      'cors.mkcol',
      'cors.tus-create',
      'cors.tus-patch',
      'cors.tus-head',
    ])
      expect(byId(report, id), id).toMatchObject({
        status: 'fail',
        title: expect.stringContaining('request header Initiator-ID refused'),
        fix: expect.stringContaining('OC_CORS_ALLOW_HEADERS'),
      });
    expect(byId(report, 'cors.capabilities')?.status).toBe('ok');
  });
});
