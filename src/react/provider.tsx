import { type ReactNode, useMemo } from 'react';
import { UploaderContext, type UploaderShared } from './context.js';
import { type UseSpaceUploaderOptions, useUploaderInstance } from './hooks.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';
import { EMPTY_STORE } from './store.js';

export interface SpaceUploaderProviderProps extends UseSpaceUploaderOptions {
  /** Every string of the components; a partial set is merged over English (`messagesDe` ships too). */
  messages?: SpaceUploaderMessagesOverride;
  children?: ReactNode;
}

/** Creates one uploader and gives it to every part below (drop zone, list, summary, errors, your own). */
export function SpaceUploaderProvider({ messages, children, ...options }: SpaceUploaderProviderProps) {
  // Not the snapshot: the provider (and the context value) stay put while files move; each part below selects
  // its own slice of the store.
  const { actions, uploader } = useUploaderInstance(options);
  const merged = useMemo(() => (messages ? mergeMessages(messagesEn, messages) : messagesEn), [messages]);
  const value = useMemo<UploaderShared>(
    () => ({
      store: uploader ?? EMPTY_STORE,
      actions,
      messages: merged,
      target: options.target,
      uploader,
      uppy: uploader?.uppy,
    }),
    [actions, merged, options.target, uploader],
  );
  return <UploaderContext.Provider value={value}>{children}</UploaderContext.Provider>;
}
