import { useStore } from '../store';
import { selectDismissNotice, selectNotice } from '../store/selectors';

/** The visible notice of the last failure: the sentence for its code, then the engine's words. */
export function NoticeBar() {
  const notice = useStore(selectNotice);
  const dismiss = useStore(selectDismissNotice);

  if (!notice) return null;

  return (
    <div className="notice" role="alert" data-testid="notice" data-code={notice.code}>
      <span className="notice-sentence">{notice.sentence}</span>
      <span className="notice-message">{notice.message}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss" data-testid="notice-dismiss">
        ×
      </button>
    </div>
  );
}
