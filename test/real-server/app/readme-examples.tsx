/**
 * README.md's two examples ("The components", "The upload core"), as written there, with the page's own
 * `auth`, `drive`, `folderId` and `refresh`. Only the folder differs: a fresh one per test instead of `/Docs`
 * (the server is shared), and the imports name the package's entries in src/ (what the build packages).
 */
import { createRoot } from 'react-dom/client';
import { createSpaceUploader } from '../../../src/core/index.ts'; // 'space-uploader/core'
import { SpaceUploader } from '../../../src/react/index.ts'; // 'space-uploader'
import '../../../src/react/styles/index.css'; // 'space-uploader/styles.css'

export interface ReadmeDrive {
  id: string;
  name: string;
  driveAlias: string;
  driveType: string;
}

export interface ReadmeRun {
  serverUrl: string;
  drive: ReadmeDrive;
  /** `/Docs` in the README. */
  docsPath: string;
  folderId: string;
}

export interface ReadmeOutcome {
  successful: { name: string; path: string; fileId: string | undefined }[];
  failed: { name: string; kind: string; status: number | undefined }[];
}

declare global {
  interface Window {
    __readme: {
      core(run: ReadmeRun): Promise<ReadmeOutcome>;
      component(run: ReadmeRun): Promise<{ refreshed: (string | undefined)[]; outcome: ReadmeOutcome }>;
    };
  }
}

const auth = { getToken: ({ force }: { force: boolean }) => window.__realToken(force) };

function filesInput(): HTMLInputElement {
  const input = document.getElementById('files');
  if (!(input instanceof HTMLInputElement)) throw new Error('#files is missing');
  return input;
}

export function installReadmeExamples() {
  window.__readme = {
    async core({ serverUrl, drive, docsPath, folderId }) {
      const input = filesInput();
      // From here: README.md, "The upload core".
      const uploader = createSpaceUploader({
        serverUrl,
        accessToken: ({ refresh }) => auth.getToken({ force: refresh }), // or a string
      });
      uploader.addFiles([...(input.files ?? [])], {
        space: { id: drive.id, name: drive.name, driveAlias: drive.driveAlias, driveType: drive.driveType },
        folder: { path: docsPath, id: folderId },
        route: { name: 'files-spaces-generic', driveAliasAndItem: `personal/admin${docsPath}` },
      });
      const { successful, failed } = await uploader.upload(); // or start(), and subscribe()/getSnapshot() for state
      uploader.destroy(); // cancels what is unfinished (tus DELETE), aborts requests, releases Uppy
      return {
        successful: successful.map((r) => ({ name: r.name, path: r.path, fileId: r.fileId })),
        failed: failed.map((f) => ({ name: f.name, kind: f.error.kind, status: f.error.details.status })),
      };
    },

    component({ serverUrl, drive, docsPath, folderId }) {
      const element = document.getElementById('root');
      if (!element) throw new Error('#root is missing');
      return new Promise((resolve) => {
        const refresh = (fileIds: (string | undefined)[], outcome: ReadmeOutcome) =>
          resolve({ refreshed: fileIds, outcome });
        // From here: README.md, "The components" (the callback also hands the outcome to the test).
        createRoot(element).render(
          <SpaceUploader
            serverUrl={serverUrl}
            accessToken={({ refresh }) => auth.getToken({ force: refresh })} // or a string
            space={{ id: drive.id, name: drive.name, driveAlias: drive.driveAlias, driveType: drive.driveType }}
            folder={{ path: docsPath, id: folderId }}
            route={{ name: 'files-spaces-generic', driveAliasAndItem: `personal/admin${docsPath}` }}
            onUploadComplete={({ successful, failed }) =>
              refresh(
                successful.map((r) => r.fileId),
                {
                  successful: successful.map((r) => ({ name: r.name, path: r.path, fileId: r.fileId })),
                  failed: failed.map((f) => ({ name: f.name, kind: f.error.kind, status: f.error.details.status })),
                },
              )
            }
          />,
        );
      });
    },
  };
}
