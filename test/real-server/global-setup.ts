/**
 * Finds (or starts) the real server once for the whole real-server project and hands its configuration to the
 * tests (`inject('realServer')`). Without one it says so in one line, and every real-server test is skipped.
 */
import type { TestProject } from 'vitest/node';
import { DEFAULT_TEST_ORIGIN, describeConfig, type RealServerConfig, startSharedServer } from './support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    realServer: RealServerConfig | null;
  }
}

export default async function setup(project: TestProject) {
  const { config, shared } = describeConfig();
  let server: RealServerConfig | null = null;
  if (config) server = config;
  else if (shared) server = await startSharedServer(process.env.OCIS_TEST_ORIGIN ?? DEFAULT_TEST_ORIGIN);
  else
    console.log(
      'real-server tests skipped: no OCIS_URL set and no ../shared/opencloud beside the project (see README, "Testing against a real server")',
    );
  project.provide('realServer', server);
}
