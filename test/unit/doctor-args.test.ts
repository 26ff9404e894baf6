import { describe, expect, it } from 'vitest';
import { parseDoctorArgs } from '../../src/doctor/args.ts';
import { tokenFromOutput } from '../../src/doctor/token.ts';

const base = ['doctor', 'https://ocis.example.com/', '--origin', 'https://app.example.com'];

describe('doctor arguments', () => {
  it('reads a full command line', () => {
    expect(parseDoctorArgs([...base, '--token', 'abc', '--insecure', '--json', '--space', 's$1'])).toEqual({
      kind: 'run',
      options: {
        server: 'https://ocis.example.com',
        origin: 'https://app.example.com',
        auth: { kind: 'token', token: 'abc' },
        spaceId: 's$1',
        insecure: true,
        json: true,
        verbose: false,
        corsAllowedHeaders: [],
      },
    });
  });

  it('--initiator-id and --cors-allowed-headers name opt-in headers, spelled canonically and once', () => {
    const parsed = parseDoctorArgs([...base, '--initiator-id', '--cors-allowed-headers', 'x-oc-mtime, initiator-id']);
    expect(parsed.kind === 'run' && parsed.options.corsAllowedHeaders).toEqual(['Initiator-ID', 'X-OC-Mtime']);
  });

  it('user and password become Basic credentials; a token command is kept as given', () => {
    const basic = parseDoctorArgs([...base, '--user', 'u', '--password', 'p']);
    expect(basic.kind === 'run' && basic.options.auth).toEqual({ kind: 'basic', user: 'u', password: 'p' });
    const command = parseDoctorArgs([...base, '--token-command', 'node token.mjs']);
    expect(command.kind === 'run' && command.options.auth).toEqual({ kind: 'command', command: 'node token.mjs' });
  });

  it('--help asks for the usage text', () => {
    expect(parseDoctorArgs(['doctor', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'no command'],
    [['check', 'https://x'], 'unknown command "check"'],
    [['doctor'], 'no server URL'],
    [['doctor', 'https://x'], '--origin is required'],
    [['doctor', 'ftp://x', '--origin', 'https://a'], 'is not an http(s) URL'],
    [['doctor', 'https://x?a=1', '--origin', 'https://a'], 'is not an http(s) URL'],
    [['doctor', 'https://x', '--origin', 'https://a/app'], 'is not an origin'],
    [[...base, '--token', 't', '--user', 'u', '--password', 'p'], 'give one of'],
    [[...base, '--user', 'u'], '--user and --password go together'],
    [[...base, '--cors-allowed-headers', 'X-Custom'], '"X-Custom" is not one of Initiator-ID, X-OC-Mtime, OC-Checksum'],
    [[...base, '--bogus'], "Unknown option '--bogus'"],
    [[...base, 'extra'], 'unexpected argument "extra"'],
  ])('%j is a usage error: %s', (argv, message) => {
    const parsed = parseDoctorArgs(argv);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.message).toContain(message);
  });
});

describe('token command output', () => {
  it('is a raw token or a token JSON', () => {
    expect(tokenFromOutput('eyJ.abc.def\n')).toBe('eyJ.abc.def');
    expect(tokenFromOutput('{"access_token":"tok","expires_in":300}')).toBe('tok');
  });

  it('refuses output without a token', () => {
    expect(() => tokenFromOutput('{"error":"nope"}')).toThrow('without an "access_token"');
    expect(() => tokenFromOutput('')).toThrow('no single token');
  });
});
