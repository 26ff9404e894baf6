/**
 * What the route handlers share: `MockContext` is the one mock's state (every route gets it explicitly), `Ctx`
 * is one request on its way through the dispatcher.
 */
import type { Cors } from '../cors.js';
import type { MockFixtureShare } from '../fixtures.js';
import type { Mount, Space, TreeNode } from '../tree.js';
import type {
  MockBlobStore,
  MockCapabilitiesOptions,
  MockFaultRule,
  MockFaults,
  MockOcisOptions,
  MockRequestLogEntry,
  MockRoute,
  MockUploadState,
} from '../types.js';

export interface MockContext {
  readonly options: MockOcisOptions;
  readonly store: MockBlobStore;
  /** Signs the upload tokens in `/data/{token}`. */
  readonly secret: string;
  /** The mount point below the origin, without a trailing slash ('' at the root). */
  readonly basePath: string;
  /** The mock's clock: a clock offset fault moves it (upload URLs and tokens expire as if that time had passed). */
  now(): number;
  cors: Cors;
  strict: boolean;
  capabilities: MockCapabilitiesOptions;
  faults: MockFaults;
  rules: RuleState[];
  readonly spaces: Map<string, Space>;
  readonly shares: Map<string, MockFixtureShare>;
  readonly uploads: Map<string, Upload>;
  /** Bearer token → when it expires (ms), `undefined` for never. */
  readonly tokens: Map<string, number | undefined>;
  log: MockRequestLogEntry[];
  seq: number;
}

/** An upload as the mock keeps it; what `MockOcis.state()` shows of it shares the names of `MockUploadState`. */
export interface Upload
  extends Pick<
    MockUploadState,
    | 'id'
    | 'targetPath'
    | 'filename'
    | 'length'
    | 'offset'
    | 'complete'
    | 'terminated'
    | 'metadata'
    | 'metadataKeys'
    | 'expiresAt'
    | 'createdAt'
    | 'requests'
  > {
  token: string;
  mount: Mount;
  parent: TreeNode;
  blobKey: string;
  nodeId: string;
  checksumVerified: boolean | undefined;
  /** Settles when the request currently writing to this upload ends (tusd's upload lock). */
  busy: Promise<void> | undefined;
  /** Set while `busy`: asks the request writing to let go (tusd 2's lock release, see `letGo`). */
  interrupt: (() => void) | undefined;
}

export interface ArmedDrop {
  rule: RuleState;
  afterBytes: number;
}

export interface RuleState {
  rule: MockFaultRule;
  seen: number;
  fired: number;
  /** Requests holding this drop rule while their body is read. */
  armed: number;
}

export interface Ctx {
  request: Request;
  url: URL;
  method: string;
  effectiveMethod: string;
  route: MockRoute;
  /** Path below the base path, still percent-encoded. */
  path: string;
  segments: string[];
  requestId: string;
  /** Origin plus base path, for `Location` and hrefs. */
  base: string;
  log: MockRequestLogEntry;
  drop: ArmedDrop | undefined;
  upload: Upload | undefined;
  /** `uploadOf`'s answer for this request, computed once (it verifies the token's HMAC). */
  uploadLookup: Promise<Upload | Response> | undefined;
}

export type BodyOutcome = 'complete' | 'dropped' | 'aborted' | 'too-large' | 'interrupted';
