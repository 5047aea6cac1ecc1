import { useApp } from '../state/AppStoreContext.js';

/** The last outcome of a user action. Errors are announced assertively, the rest politely. */
export function NoticeBar() {
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismissNotice);
  return (
    <div
      className="notice-slot"
      role={notice?.kind === 'error' ? 'alert' : 'status'}
      aria-live={notice?.kind === 'error' ? 'assertive' : 'polite'}
    >
      {notice ? (
        <div className={`notice notice-${notice.kind}`}>
          <span>{notice.text}</span>
          <button type="button" className="link-button" onClick={dismiss} aria-label="Dismiss message">
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
