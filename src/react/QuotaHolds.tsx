/**
 * Spaces whose files wait for free space (the pre-check found too little, or the server answered 507): one
 * banner each, with the figures when known, "Try again" (the core checks the free space again) and "Cancel
 * these files". Nothing was sent for these files yet: freeing space and trying again loses nothing.
 */
import { type ReactNode, useContext, useMemo } from 'react';
import { EMPTY_SNAPSHOT, type SpaceHold, type UploaderSnapshot, type UploadItem } from '../core/index.js';
import { type UploaderActions, UploaderContext, usePartSelector } from './context.js';
import { formatBytes } from './format.js';
import {
  mergeMessages,
  messagesEn,
  type SpaceUploaderMessages,
  type SpaceUploaderMessagesOverride,
} from './messages.js';
import { sameFigures } from './store.js';

export type HoldActions = Pick<UploaderActions, 'resumeHeld' | 'cancel'>;

export interface QuotaHoldsProps {
  /** Default the uploader's (`snapshot.holds`). */
  holds?: readonly SpaceHold[];
  /** To find each space's waiting files for "Cancel these files"; default the uploader's. */
  items?: readonly UploadItem[];
  /** Default the uploader's. */
  actions?: HoldActions;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  className?: string;
}

/** The banner's sentence: with the pre-check's figures, or (after a 507) without. */
export function holdText(hold: SpaceHold, m: SpaceUploaderMessages): string {
  const size = (bytes: number) => formatBytes(bytes, m.locale, m.byteUnits);
  if (hold.needed !== undefined && hold.available !== undefined && hold.missing !== undefined)
    return m.holdNotEnoughSpace(hold.spaceName, size(hold.needed), size(hold.available), size(hold.missing));
  return m.holdSpaceFull(hold.spaceName);
}

const WarningIcon = () => (
  <svg className="su-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M12 3l10 18H2zm-1 6v6h2V9zm0 8v2h2v-2z" />
  </svg>
);

const selectHolds = (s: UploaderSnapshot) => s.holds;

export function QuotaHolds(props: QuotaHoldsProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  const contextHolds = usePartSelector(!props.holds && selectHolds, sameFigures);
  const holds = props.holds ?? contextHolds ?? EMPTY_SNAPSHOT.holds;
  const actions = props.actions ?? context?.actions;
  if (holds.length === 0) return null;

  const cancelHeld = (spaceId: string) => {
    // The items are read at the click, not followed: their progress does not concern the banners.
    const items = props.items ?? context?.store.getSnapshot().items;
    if (!actions || !items) return;
    // One call for all: cancelling file by file would scan the batch once per file.
    actions.cancel(
      items.filter((i) => i.spaceId === spaceId && i.hold === 'quota' && i.status === 'paused').map((i) => i.id),
    );
  };
  const className = ['su-holds', props.className].filter(Boolean).join(' ');

  return (
    <div className={className}>
      {holds.map((hold) => (
        // Keyed by space: the alert is inserted (and announced) once when the hold appears; progress elsewhere
        // does not change its text, so it is not announced again.
        <div key={hold.spaceId} className="su-hold" data-space-id={hold.spaceId}>
          <div className="su-hold__body" role="alert">
            <WarningIcon />
            <p className="su-hold__text">
              <span className="su-hold__message">{holdText(hold, m)}</span>{' '}
              <span className="su-hold__files">{m.holdFilesWaiting(hold.files)}</span>
            </p>
          </div>
          {actions ? (
            <div className="su-hold__actions">
              <button
                type="button"
                className="su-button su-button--primary"
                data-action="resume-held"
                onClick={() => actions.resumeHeld(hold.spaceId)}
              >
                {m.holdTryAgain}
              </button>
              <button
                type="button"
                className="su-button"
                data-action="cancel-held"
                onClick={() => cancelHeld(hold.spaceId)}
              >
                {m.holdCancelFiles}
              </button>
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}

export interface SignInNoticeProps {
  /** Default the uploader's (`snapshot.signInRequired`). */
  signInRequired?: boolean;
  /** To count the waiting files; default the uploader's. */
  items?: readonly UploadItem[];
  /** Default the uploader's. */
  actions?: Pick<UploaderActions, 'signedIn'>;
  messages?: SpaceUploaderMessagesOverride;
  className?: string;
}

const countSignInWaiting = (items: readonly UploadItem[]) => items.filter((i) => i.hold === 'sign-in').length;

/**
 * The server refused the token and refreshing it failed: uploads wait where they are. Once the app has signed
 * the user in again (its `accessToken` gives a fresh token), "Continue" lets them go on from their offsets.
 */
export function SignInNotice(props: SignInNoticeProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  // One number, not the items (progress does not re-render the notice): -1 while no sign-in is needed, else how
  // many files wait for it.
  const signIn =
    usePartSelector((s: UploaderSnapshot) =>
      (props.signInRequired ?? s.signInRequired) ? (props.items ? 0 : countSignInWaiting(s.items)) : -1,
    ) ?? -1;
  const required = signIn >= 0;
  const waiting = props.items ? countSignInWaiting(props.items) : signIn;
  const actions = props.actions ?? context?.actions;
  if (!required) return null;
  return (
    <div className={['su-hold', 'su-hold--sign-in', props.className].filter(Boolean).join(' ')}>
      <div className="su-hold__body" role="alert">
        <WarningIcon />
        <p className="su-hold__text">{m.signInRequired(waiting)}</p>
      </div>
      {actions ? (
        <div className="su-hold__actions">
          <button
            type="button"
            className="su-button su-button--primary"
            data-action="signed-in"
            onClick={() => actions.signedIn()}
          >
            {m.signInContinue}
          </button>
        </div>
      ) : null}
    </div>
  );
}
