/** The mock's storage model: spaces holding trees of folders and files, and received shares that mount a folder. */
import type { MockFixtureShare, MockFixtureSpace } from './fixtures.js';
import type { MockSpaceState } from './types.js';
import { randomHex } from './util.js';

export interface TreeNode {
  /** Node uuid; the root's equals the space uuid. */
  id: string;
  name: string;
  kind: 'folder' | 'file';
  parent: TreeNode | undefined;
  space: Space;
  children: Map<string, TreeNode>;
  etag: string;
  /** Unix seconds (fractional). */
  mtime: number;
  size: number;
  sha1: string;
  blobKey: string | undefined;
  versions: number;
  /** Until this time (ms) GET/HEAD answer 425. */
  processingUntil: number;
}

export interface Space {
  id: string;
  storageId: string;
  uuid: string;
  name: string;
  driveAlias: string;
  driveType: string;
  listed: boolean;
  quotaTotal: number;
  quotaUsedBaseline: number;
  usedBytes: number;
  root: TreeNode;
}

/** What a space id in a URL resolves to: a space root, a received share, or a folder addressed by its id. */
export interface Mount {
  addressedId: string;
  space: Space;
  root: TreeNode;
  writable: boolean;
  share: MockFixtureShare | undefined;
}

export const newEtag = (): string => `"${randomHex(16)}"`;

export function newNode(
  space: Space,
  parent: TreeNode | undefined,
  name: string,
  kind: TreeNode['kind'],
  id: string,
  mtime: number,
): TreeNode {
  const node: TreeNode = {
    id,
    name,
    kind,
    parent,
    space,
    children: new Map(),
    etag: newEtag(),
    mtime,
    size: 0,
    sha1: '',
    blobKey: undefined,
    versions: kind === 'file' ? 1 : 0,
    processingUntil: 0,
  };
  parent?.children.set(name, node);
  return node;
}

export const fileIdOf = (node: TreeNode): string => `${node.space.storageId}$${node.space.uuid}!${node.id}`;

/** Path below `root` (default: the space root), with a leading `/`; `/` for the root itself. */
export function pathOf(node: TreeNode, root?: TreeNode): string {
  const names: string[] = [];
  for (let n: TreeNode | undefined = node; n && n !== root && n.parent; n = n.parent) names.unshift(n.name);
  return `/${names.join('/')}`;
}

export function isInside(node: TreeNode, ancestor: TreeNode): boolean {
  for (let n: TreeNode | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

export function lookup(root: TreeNode, segments: readonly string[]): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const s of segments) {
    node = node?.kind === 'folder' ? node.children.get(s) : undefined;
    if (!node) return undefined;
  }
  return node;
}

export function* walk(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children.values()) yield* walk(child);
}

/** Bytes below a node (a folder's `oc:size`). */
export function treeSize(node: TreeNode): number {
  if (node.kind === 'file') return node.size;
  let total = 0;
  for (const child of node.children.values()) total += treeSize(child);
  return total;
}

export function quotaOf(space: Space): NonNullable<MockSpaceState['quota']> {
  const used = space.quotaUsedBaseline + space.usedBytes;
  const total = space.quotaTotal;
  const remaining = Math.max(0, total - used);
  const ratio = total > 0 ? used / total : 0;
  // oCIS's thresholds for quota.state.
  const state = ratio >= 1 ? 'exceeded' : ratio >= 0.9 ? 'critical' : ratio >= 0.75 ? 'nearing' : 'normal';
  return { total, used, remaining, state };
}

/** oCIS permission strings, as in `oc:permissions` and `Oc-Perm`. */
export function permissionsOf(node: TreeNode, mount: Mount): string {
  const share = mount.share ? (node === mount.root ? 'SM' : 'S') : '';
  if (!mount.writable) return share;
  return share + (node.kind === 'folder' ? 'RDNVCKZP' : 'RDNVWZP');
}

export function newSpace(fixture: MockFixtureSpace, mtime: number): Space {
  const [storageId = '', uuid = ''] = fixture.id.split('$');
  const space = {
    id: fixture.id,
    storageId,
    uuid,
    name: fixture.name,
    driveAlias: fixture.driveAlias,
    driveType: fixture.driveType,
    listed: fixture.listed,
    quotaTotal: fixture.quotaTotal,
    quotaUsedBaseline: fixture.quotaUsedBaseline,
    usedBytes: 0,
  } as Space;
  space.root = newNode(space, undefined, '', 'folder', uuid, mtime);
  return space;
}

const ID = /^([^$!/]+)\$([^$!/]+)(?:!([^$!/]+))?$/;

/** Splits `{storageId}${spaceUuid}[!{nodeUuid}]`; `undefined` when it has another form (oCIS answers 400). */
export function parseSpaceId(
  id: string,
): { storageId: string; spaceUuid: string; nodeUuid: string | undefined } | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  return { storageId: m[1] as string, spaceUuid: m[2] as string, nodeUuid: m[3] };
}
