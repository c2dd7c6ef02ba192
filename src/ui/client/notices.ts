/** Problems the worker reported (storage, feeds), kept until dismissed; one per code. */
import { createSignal, type Accessor } from 'solid-js';
import type { Frame, Notice } from '../../protocol';

export interface NoticesStore {
  notices: Accessor<Notice[]>;
  dismiss(code: Notice['code']): void;
}

/** What only the client writes. */
export interface NoticesFeed {
  applyFrame(f: Frame): void;
}

export function createNoticesStore(): [NoticesStore, NoticesFeed] {
  const [notices, setNotices] = createSignal<Notice[]>([]);
  return [
    {
      notices,
      dismiss: (code) => setNotices((xs) => xs.filter((n) => n.code !== code)),
    },
    {
      applyFrame(f) {
        // A newer notice with the same code replaces the old one (moved to the end, as the newest).
        if (f.notices.length > 0) {
          setNotices((xs) => [...xs.filter((n) => !f.notices.some((m) => m.code === n.code)), ...f.notices]);
        }
      },
    },
  ];
}
