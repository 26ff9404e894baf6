import { type ReactNode, useMemo } from 'react';
import { UploaderContext, type UploaderContextValue } from './context.js';
import { type UseSpaceUploaderOptions, useSpaceUploader, useUploaderSnapshot } from './hooks.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';

export interface SpaceUploaderProviderProps extends UseSpaceUploaderOptions {
  /** Every string of the components; a partial set is merged over English (`messagesDe` ships too). */
  messages?: SpaceUploaderMessagesOverride;
  children?: ReactNode;
}

/** Creates one uploader and gives it to every part below (drop zone, list, summary, errors, your own). */
export function SpaceUploaderProvider({ messages, children, ...options }: SpaceUploaderProviderProps) {
  const { actions, uploader, uppy } = useSpaceUploader(options);
  // The store's own snapshot object: every field of it reaches the parts, and it is a new object only when
  // something changed (the context value below stays stable in between).
  const snapshot = useUploaderSnapshot(uploader);
  const merged = useMemo(() => (messages ? mergeMessages(messagesEn, messages) : messagesEn), [messages]);
  const value = useMemo<UploaderContextValue>(
    () => ({ snapshot, actions, messages: merged, target: options.target, uploader, uppy }),
    [snapshot, actions, merged, options.target, uploader, uppy],
  );
  return <UploaderContext.Provider value={value}>{children}</UploaderContext.Provider>;
}
