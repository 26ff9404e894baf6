/** The credentials of `--token`, `--token-command` or `--user/--password` as an Authorization header value. */
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import type { DoctorAuth } from './args.js';

const run = promisify(exec);

/** A token command's output: the token itself, or a token JSON (`{"access_token": …}`, as OIDC returns it). */
export function tokenFromOutput(output: string): string {
  const text = output.trim();
  if (text.startsWith('{')) {
    const parsed = JSON.parse(text) as { access_token?: unknown };
    if (typeof parsed.access_token !== 'string' || !parsed.access_token)
      throw new Error('the token command printed JSON without an "access_token"');
    return parsed.access_token;
  }
  if (!text || /\s/.test(text)) throw new Error('the token command printed no single token');
  return text;
}

export async function authorizationFor(auth: DoctorAuth): Promise<string> {
  switch (auth.kind) {
    case 'token':
      return `Bearer ${auth.token}`;
    case 'basic':
      return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    case 'command': {
      const { stdout } = await run(auth.command, { timeout: 60_000, maxBuffer: 1024 * 1024 });
      return `Bearer ${tokenFromOutput(stdout)}`;
    }
  }
}
