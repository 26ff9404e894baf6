import { type ReactNode, useMemo } from 'react';
import { UploaderContext, type UploaderContextValue } from './context.js';
import { type UseSpaceUploaderOptions, useSpaceUploader } from './hooks.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';

export interface SpaceUploaderProviderProps extends UseSpaceUploaderOptions {
  /** Every string of the components; a partial set is merged over English (`messagesDe` ships too). */
  messages?: SpaceUploaderMessagesOverride;
  children?: ReactNode;
}

/** Creates one uploader and gives it to every part below (drop zone, list, summary, errors, your own). */
export function SpaceUploaderProvider({ messages, children, ...options }: SpaceUploaderProviderProps) {
  const state = useSpaceUploader(options);
  const merged = useMemo(() => (messages ? mergeMessages(messagesEn, messages) : messagesEn), [messages]);
  const { actions, uploader, uppy, items, totals, status, capabilities, error } = state;
  const value = useMemo<UploaderContextValue>(
    () => ({
      snapshot: { items, totals, status, capabilities, error },
      actions,
      messages: merged,
      target: options.target,
      uploader,
      uppy,
    }),
    [items, totals, status, capabilities, error, actions, merged, options.target, uploader, uppy],
  );
  return <UploaderContext.Provider value={value}>{children}</UploaderContext.Provider>;
}
