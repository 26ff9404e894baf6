import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../src/mock/types.ts';
import { messagesEn, SpaceUploader } from '../src/react/index.ts';
import '../src/react/styles/index.css';
import {
  type ColorScheme,
  expectPrefersColorScheme,
  expectReadable,
  luminance,
  pickFiles,
  preferColorScheme,
  storyMockOf,
  waitForRowStatus,
} from './support/index.ts';

// `theme="auto"` follows the system's colour scheme. Under Vitest the system's preference is emulated (see
// support/color-scheme.ts), so the a11y check (colour contrast) runs on what a user of a dark or light system sees:
// the drop zone, rows that are done and failed, the errors panel and the quota banner.

const m = messagesEn;
const { nearlyFull } = mockFixtures;
const space = {
  id: nearlyFull.id,
  name: nearlyFull.name,
  driveAlias: nearlyFull.driveAlias,
  driveType: nearlyFull.driveType,
};

/** `size` bytes of one repeated value. */
const file = (name: string, size: number) =>
  new File([new Uint8Array(size).fill(65)], name, { type: 'application/pdf', lastModified: mockFixtures.mtime * 1000 });

const config = {
  // The second upload's creation is refused: one file done, one failed (the errors panel shows).
  faults: { rules: [{ type: 'status', status: 403, route: 'tus-create', nth: 2 }] },
} satisfies MockRuntimeConfig;

const meta = {
  title: 'SpaceUploader/Auto theme',
  parameters: { layout: 'padded', mockOcis: config },
  render: (_args, { loaded }) => {
    const mock = storyMockOf(loaded);
    return <SpaceUploader serverUrl={mock.serverUrl} accessToken={mock.token} space={space} theme="auto" />;
  },
} satisfies Meta;

export default meta;

type Story = StoryObj<typeof meta>;

/**
 * Files in every state a colour matters for: one uploaded, one refused by the server, and two that do not fit the
 * 256 KiB left in "Archive" (the quota banner); then checks that the root resolved to `scheme`'s colours.
 */
async function playIn(scheme: ColorScheme, { canvasElement }: StoryContext): Promise<void> {
  await expectPrefersColorScheme(scheme);
  const root = canvasElement.querySelector<HTMLElement>('.space-uploader');
  await expect(root).toHaveAttribute('data-theme', 'auto');

  const [done, failed] = [file('Minutes.pdf', 2_000), file('Agenda.pdf', 3_000)];
  await pickFiles(canvasElement, [done]);
  await waitForRowStatus(canvasElement, done.name, 'done');
  await pickFiles(canvasElement, [failed]);
  await waitForRowStatus(canvasElement, failed.name, 'failed');
  await expect(within(canvasElement).getByRole('region', { name: m.errorsTitle(1) })).toBeVisible();

  await pickFiles(canvasElement, [file('Scan 1.pdf', 150_000), file('Scan 2.pdf', 150_000)]);
  const banner = await within(canvasElement).findByRole('alert', {}, { timeout: 10_000 });
  await expect(banner).toHaveTextContent(m.holdFilesWaiting(2));

  // The banner's text is readable on its background (its warning colours once drifted under auto and dark)…
  await expectReadable(banner.querySelector('.su-hold__text') as HTMLElement);
  // …and the cards (the root paints nothing of its own) and the banner resolved to the scheme's colours.
  const rootStyle = getComputedStyle(root as HTMLElement);
  await expect(rootStyle.backgroundColor).toBe('rgba(0, 0, 0, 0)');
  const summary = within(canvasElement).getByRole('region', { name: m.summaryLabel });
  const cardBackground = luminance(getComputedStyle(summary).backgroundColor);
  const bannerBackground = luminance(getComputedStyle(banner.closest('.su-hold') as HTMLElement).backgroundColor);
  if (scheme === 'dark') {
    await expect(cardBackground).toBeLessThan(0.05);
    await expect(luminance(rootStyle.color)).toBeGreaterThan(0.7);
    await expect(bannerBackground).toBeLessThan(0.05);
  } else {
    await expect(cardBackground).toBeGreaterThan(0.9);
    await expect(luminance(rootStyle.color)).toBeLessThan(0.05);
    await expect(bannerBackground).toBeGreaterThan(0.8);
  }
  // After this function the a11y addon checks the contrast of every text on these colours.
}

export const DarkSystem: Story = {
  name: 'Dark system',
  parameters: {
    docs: {
      description: {
        story:
          '`theme="auto"` on a system that prefers dark colours: the dark colours throughout, the quota banner ' +
          'included. Under Vitest the preference is emulated; to view it, emulate `prefers-color-scheme: dark` in ' +
          'DevTools (Rendering) or use a dark system.',
      },
    },
  },
  beforeEach: () => preferColorScheme('dark'),
  play: (context) => playIn('dark', context),
};

export const LightSystem: Story = {
  name: 'Light system',
  parameters: {
    docs: {
      description: {
        story: '`theme="auto"` on a system that prefers light colours: the light colours, as `theme="light"`.',
      },
    },
  },
  beforeEach: () => preferColorScheme('light'),
  play: (context) => playIn('light', context),
};
