import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PHONE_QUERY, usePhone } from './usePhone';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('usePhone', () => {
  it('follows the phone breakpoint as the window changes, and stops listening with its component', () => {
    const mq = Object.assign(new EventTarget(), { matches: false });
    const remove = vi.spyOn(mq, 'removeEventListener');
    vi.stubGlobal('window', { matchMedia: (q: string) => (q === PHONE_QUERY ? mq : null) });
    createRoot((dispose) => {
      const phone = usePhone();
      expect(phone()).toBe(false);
      mq.matches = true;
      mq.dispatchEvent(new Event('change'));
      expect(phone()).toBe(true);
      dispose();
    });
    expect(remove).toHaveBeenCalledWith('change', expect.any(Function));
  });
});
