/**
 * The mock's fixed world: spaces, shares, folders and files with stable ids, so that stories and tests
 * name them instead of repeating ids. Ids follow oCIS: a space is `{storageId}${spaceUuid}`, an item in it
 * `{storageId}${spaceUuid}!{nodeUuid}`; a space's root node uuid equals the space uuid.
 */

const STORAGE_ID = '8d72036d-14a5-490f-889e-414064156402';

const PERSONAL_UUID = '196ac304-7b88-44ce-a4db-c4becef0d2e0';
const PROJECT_UUID = 'c8e1f5b0-3b1a-4f2e-9a57-6e0e2f6a1d01';
const ARCHIVE_UUID = '5f0a9d2c-7e41-4b8e-8d3f-2a6b9c1e4f02';
const EINSTEIN_UUID = '4c510ada-c86b-4815-8820-42cdf82c3d51';

const spaceId = (uuid: string) => `${STORAGE_ID}$${uuid}`;
const itemId = (space: string, node: string) => `${STORAGE_ID}$${space}!${node}`;

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** A fixture item inside a space. `content` is UTF-8 text for files; folders have none. */
export interface MockFixtureItem {
  path: string;
  nodeId: string;
  content?: string;
}

export interface MockFixtureSpace {
  id: string;
  name: string;
  driveAlias: string;
  driveType: 'personal' | 'project';
  /** Listed by `GET /graph/v1.0/me/drives`; the share owner's space is not. */
  listed: boolean;
  quotaTotal: number;
  /** Bytes counted as used besides the fixture files (stands for data the mock does not hold). */
  quotaUsedBaseline: number;
  items: MockFixtureItem[];
}

export interface MockFixtureShare {
  /** Use this as the space id when uploading into the share (`{storageId}${spaceUuid}!{nodeUuid}`). */
  id: string;
  /** The share's own id, sent by the web UI as metadata `routeShareId`. */
  shareId: string;
  name: string;
  driveAlias: string;
  /** Path of the shared folder inside the owner's space. */
  ownerSpaceId: string;
  ownerPath: string;
  writable: boolean;
}

const mtime = Date.UTC(2026, 0, 15, 9, 30, 0) / 1000;

export const mockFixtures = {
  /** The bearer token the mock accepts unless told otherwise. */
  token: 'dev-token',
  storageId: STORAGE_ID,
  /** Unix seconds of every fixture file's mtime. */
  mtime,
  personal: {
    id: spaceId(PERSONAL_UUID),
    name: 'Admin',
    driveAlias: 'personal/admin',
    driveType: 'personal',
    listed: true,
    quotaTotal: 10 * GiB,
    quotaUsedBaseline: 0,
    items: [
      { path: '/Documents', nodeId: 'a3f1c2d4-1111-4a1a-9b1b-000000000101' },
      { path: '/Documents/Reports', nodeId: 'a3f1c2d4-1111-4a1a-9b1b-000000000102' },
      { path: '/Documents/notes.txt', nodeId: 'a3f1c2d4-1111-4a1a-9b1b-000000000103', content: 'Meeting notes\n' },
      { path: '/Photos', nodeId: 'a3f1c2d4-1111-4a1a-9b1b-000000000104' },
      { path: '/Photos/readme.md', nodeId: 'a3f1c2d4-1111-4a1a-9b1b-000000000105', content: '# Photos\n' },
    ],
  },
  project: {
    id: spaceId(PROJECT_UUID),
    name: 'Marketing',
    driveAlias: 'project/marketing',
    driveType: 'project',
    listed: true,
    quotaTotal: 1 * GiB,
    quotaUsedBaseline: 0,
    items: [
      { path: '/Campaigns', nodeId: 'b4e2d3c5-2222-4b2b-8c2c-000000000201' },
      { path: '/Campaigns/plan.md', nodeId: 'b4e2d3c5-2222-4b2b-8c2c-000000000202', content: '# Plan\n' },
    ],
  },
  /** A project space with 256 KiB left. */
  nearlyFull: {
    id: spaceId(ARCHIVE_UUID),
    name: 'Archive',
    driveAlias: 'project/archive',
    driveType: 'project',
    listed: true,
    quotaTotal: 50 * MiB,
    quotaUsedBaseline: 50 * MiB - 256 * 1024,
    items: [{ path: '/2025', nodeId: 'c5f3e4d6-3333-4c3c-9d3d-000000000301' }],
  },
  /** Einstein's personal space: not listed for the admin, reachable only through the shares below. */
  shareOwner: {
    id: spaceId(EINSTEIN_UUID),
    name: 'Albert Einstein',
    driveAlias: 'personal/einstein',
    driveType: 'personal',
    listed: false,
    quotaTotal: 10 * GiB,
    quotaUsedBaseline: 0,
    items: [
      { path: '/Team Docs', nodeId: 'd6a4f5e7-4444-4d4d-8e4e-000000000401' },
      { path: '/Team Docs/agenda.txt', nodeId: 'd6a4f5e7-4444-4d4d-8e4e-000000000402', content: 'Agenda\n' },
      { path: '/Handbook', nodeId: 'd6a4f5e7-4444-4d4d-8e4e-000000000403' },
      { path: '/Handbook/rules.txt', nodeId: 'd6a4f5e7-4444-4d4d-8e4e-000000000404', content: 'Rules\n' },
    ],
  },
  /** A folder shared with the admin with edit rights. */
  writeShare: {
    id: itemId(EINSTEIN_UUID, 'd6a4f5e7-4444-4d4d-8e4e-000000000401'),
    shareId: `${STORAGE_ID}:${EINSTEIN_UUID}:6f1b2c3d-5555-4e5e-9f5f-000000000501`,
    name: 'Team Docs',
    driveAlias: 'mountpoint/team-docs',
    ownerSpaceId: spaceId(EINSTEIN_UUID),
    ownerPath: '/Team Docs',
    writable: true,
  },
  /** A folder shared with the admin read-only: creation answers 403. */
  readOnlyShare: {
    id: itemId(EINSTEIN_UUID, 'd6a4f5e7-4444-4d4d-8e4e-000000000403'),
    shareId: `${STORAGE_ID}:${EINSTEIN_UUID}:6f1b2c3d-5555-4e5e-9f5f-000000000502`,
    name: 'Handbook',
    driveAlias: 'mountpoint/handbook',
    ownerSpaceId: spaceId(EINSTEIN_UUID),
    ownerPath: '/Handbook',
    writable: false,
  },
} as const satisfies {
  token: string;
  storageId: string;
  mtime: number;
  personal: MockFixtureSpace;
  project: MockFixtureSpace;
  nearlyFull: MockFixtureSpace;
  shareOwner: MockFixtureSpace;
  writeShare: MockFixtureShare;
  readOnlyShare: MockFixtureShare;
};

export type MockFixtures = typeof mockFixtures;

export const fixtureSpaces: readonly MockFixtureSpace[] = [
  mockFixtures.personal,
  mockFixtures.project,
  mockFixtures.nearlyFull,
  mockFixtures.shareOwner,
];
export const fixtureShares: readonly MockFixtureShare[] = [mockFixtures.writeShare, mockFixtures.readOnlyShare];
