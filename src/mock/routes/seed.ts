/** The fixture spaces, their files and folders, and the shares: what a fresh or reset mock holds. */
import { fixtureShares, fixtureSpaces, mockFixtures } from '../fixtures.js';
import { lookup, newNode, newSpace } from '../tree.js';
import { utf8 } from '../util.js';
import type { MockContext } from './context.js';

export async function seedFixtures(m: MockContext): Promise<void> {
  for (const fixture of fixtureSpaces) {
    const space = newSpace(fixture, mockFixtures.mtime);
    m.spaces.set(space.id, space);
    for (const item of [...fixture.items].sort((a, b) => a.path.localeCompare(b.path))) {
      const segments = item.path.split('/').filter(Boolean);
      const name = segments.pop() ?? '';
      const parent = lookup(space.root, segments);
      if (!parent) throw new Error(`fixture parent missing for ${item.path}`);
      const node = newNode(
        space,
        parent,
        name,
        item.content === undefined ? 'folder' : 'file',
        item.nodeId,
        mockFixtures.mtime,
      );
      if (item.content !== undefined) {
        node.blobKey = await m.store.create();
        await m.store.append(node.blobKey, utf8(item.content));
        const { size, sha1 } = await m.store.stat(node.blobKey);
        node.size = size;
        node.sha1 = sha1;
        space.usedBytes += size;
      }
    }
  }
  for (const share of fixtureShares) m.shares.set(share.id, share);
}
