// readTheme and watchTheme read the page's CSS and watch its colour scheme:
// the test gives them a computed style, a media query and a MutationObserver.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readTheme, watchTheme } from './theme';

afterEach(() => {
  vi.unstubAllGlobals();
});

function computed(vars: Record<string, string>, fontFamily = '') {
  vi.stubGlobal('getComputedStyle', () => ({ fontFamily, getPropertyValue: (name: string) => vars[name] ?? '' }));
}

describe('readTheme', () => {
  it('takes each colour from its custom property (trimmed), and the fallback where the page sets none', () => {
    computed({ '--chart-up': '  #00ff00 ', '--chart-bg': '#000' }, 'Inter, sans-serif');
    const t = readTheme({} as Element);
    expect(t.up).toBe('#00ff00');
    expect(t.bg).toBe('#000');
    expect(t.down).toBe('#cf222e');
    expect(t.font).toBe('Inter, sans-serif');
    expect(Object.keys(t).sort()).toEqual(['ask', 'axis', 'bg', 'bid', 'buy', 'down', 'fg', 'font', 'grid', 'sell', 'sma', 'up']);
  });

  it('no font family: the system font', () => {
    computed({});
    expect(readTheme({} as Element).font).toBe('system-ui, sans-serif');
  });
});

describe('watchTheme', () => {
  it('calls back on a scheme change and on a change of the document’s theme attributes, and not after it is stopped', () => {
    const media = new EventTarget();
    let observed: { target: unknown; opts: MutationObserverInit } | null = null;
    let mutated: (() => void) | null = null;
    let disconnected = false;
    vi.stubGlobal('matchMedia', (q: string) => {
      expect(q).toBe('(prefers-color-scheme: dark)');
      return media;
    });
    vi.stubGlobal('document', { documentElement: 'root' });
    vi.stubGlobal(
      'MutationObserver',
      class {
        constructor(cb: () => void) {
          mutated = cb;
        }
        observe(target: unknown, opts: MutationObserverInit) {
          observed = { target, opts };
        }
        disconnect() {
          disconnected = true;
        }
      },
    );
    let calls = 0;
    const stop = watchTheme(() => calls++);
    expect(observed).toEqual({ target: 'root', opts: { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] } });
    media.dispatchEvent(new Event('change'));
    mutated!();
    expect(calls).toBe(2);
    stop();
    expect(disconnected).toBe(true);
    media.dispatchEvent(new Event('change'));
    expect(calls).toBe(2);
  });
});
