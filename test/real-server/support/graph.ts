/**
 * What the tests do on the real server from Node, as admin (Basic auth) or as a user of their own: drives,
 * project spaces and their quota, a second user and a folder shared with admin, and WebDAV (MKCOL, PROPFIND with
 * the props a check needs, downloads), waiting out the moment a fresh file answers 425.
 */
import { basicAuth, type RawResponse, type RealServerConfig, rawRequest } from './server.ts';

export interface Drive {
  id: string;
  name: string;
  driveAlias: string;
  driveType: string;
  quota?: { total?: number; remaining?: number; used?: number };
}

export interface Who {
  user: string;
  password: string;
}

const ROLE_CAN_EDIT_FOLDER = { name: 'Can edit', condition: 'exists @Resource.Folder' };

export const suffix = () => Math.random().toString(36).slice(2, 8);

export const davPath = (spaceId: string, path = '') =>
  `/remote.php/dav/spaces/${spaceId}${path
    .split('/')
    .filter(Boolean)
    .map((segment) => `/${encodeURIComponent(segment)}`)
    .join('')}`;

export function createGraph(config: RealServerConfig, who: Who = config) {
  const auth = basicAuth(who.user, who.password);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await rawRequest(config, method, path, {
      headers: {
        Authorization: auth,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return res;
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await call(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return (res.text ? JSON.parse(res.text) : undefined) as T;
  };
  const expectStatus = (res: RawResponse, ok: number[], what: string) => {
    if (!ok.includes(res.status)) throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return res;
  };

  return {
    who,
    call,
    async me(): Promise<{ id: string }> {
      return json('GET', '/graph/v1.0/me');
    },
    async drives(): Promise<Drive[]> {
      return (await json<{ value: Drive[] }>('GET', '/graph/v1.0/me/drives')).value;
    },
    async personal(): Promise<Drive> {
      const drive = (await this.drives()).find((d) => d.driveType === 'personal');
      if (!drive) throw new Error(`${who.user} has no personal drive`);
      return drive;
    },
    async drive(id: string): Promise<Drive> {
      return json('GET', `/graph/v1.0/drives/${encodeURIComponent(id)}`);
    },
    async createProjectSpace(name: string, quotaTotal?: number): Promise<Drive> {
      return json('POST', '/graph/v1.0/drives', {
        name,
        driveType: 'project',
        ...(quotaTotal ? { quota: { total: quotaTotal } } : {}),
      });
    },
    /** `total` 0 removes the quota. */
    async setQuota(id: string, total: number): Promise<Drive> {
      return json('PATCH', `/graph/v1.0/drives/${encodeURIComponent(id)}`, { quota: { total } });
    },
    /** Disables, then purges a project space. */
    async deleteProjectSpace(id: string) {
      await call('DELETE', `/graph/v1.0/drives/${encodeURIComponent(id)}`);
      expectStatus(
        await call('DELETE', `/graph/v1.0/drives/${encodeURIComponent(id)}`, undefined, { Purge: 'T' }),
        [204, 404],
        'purging the space',
      );
    },
    async createUser(name: string, password: string): Promise<{ id: string }> {
      return json('POST', '/graph/v1.0/users', {
        onPremisesSamAccountName: name,
        displayName: name,
        mail: `${name}@example.org`,
        passwordProfile: { password },
      });
    },
    async deleteUser(id: string) {
      expectStatus(await call('DELETE', `/graph/v1.0/users/${id}`), [204, 404], 'deleting the user');
    },
    async roleId(role = ROLE_CAN_EDIT_FOLDER): Promise<string> {
      const roles = await json<{ id: string; displayName: string; rolePermissions: { condition: string }[] }[]>(
        'GET',
        '/graph/v1beta1/roleManagement/permissions/roleDefinitions',
      );
      const found = roles.find(
        (r) => r.displayName === role.name && r.rolePermissions.some((p) => p.condition === role.condition),
      );
      if (!found) throw new Error(`no role "${role.name}" for ${role.condition}`);
      return found.id;
    },
    /** Shares an item of this user's drive with `recipientId` (a user) in `roleId`. */
    async invite(driveId: string, itemId: string, recipientId: string, roleId: string) {
      return json(
        'POST',
        `/graph/v1beta1/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}/invite`,
        {
          roles: [roleId],
          recipients: [{ objectId: recipientId, '@libre.graph.recipient.type': 'user' }],
        },
      );
    },
    /** What others shared with this user: the shared item's id (`remoteItem.id`) and the share's id. */
    async sharedWithMe(): Promise<{ name: string; remoteItemId: string; shareId: string | undefined }[]> {
      const { value } = await json<{
        value: { name: string; remoteItem: { id: string; permissions?: { id: string }[] } }[];
      }>('GET', '/graph/v1beta1/me/drive/sharedWithMe');
      return value.map((item) => ({
        name: item.name,
        remoteItemId: item.remoteItem.id,
        shareId: item.remoteItem.permissions?.[0]?.id,
      }));
    },
    async mkcol(spaceId: string, path: string) {
      expectStatus(await call('MKCOL', davPath(spaceId, path)), [201], `MKCOL ${path}`);
    },
    async remove(spaceId: string, path: string) {
      expectStatus(await call('DELETE', davPath(spaceId, path)), [204, 404], `DELETE ${path}`);
    },
    async put(spaceId: string, path: string, body: Buffer) {
      expectStatus(
        await rawRequest(config, 'PUT', davPath(spaceId, path), { headers: { Authorization: auth }, body }),
        [201, 204],
        `PUT ${path}`,
      );
    },
  };
}

export type Graph = ReturnType<typeof createGraph>;
