import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { arrows, violations } from './layers';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, 'src');
}

describe('the layer check', () => {
  it('finds every arrow that points up, and lets the rest pass', () => {
    const src = tree({
      'src/core/a.ts': "import { b } from '../worker/b';\n",
      'src/worker/b.ts': "import { a } from '../core/a';\nexport {\n  x,\n} from '../feeds';\n",
      'src/feeds/index.ts': "import type { Frame } from '../protocol/frame';\n",
      'src/ui/page.tsx': "import type { Api } from '../worker/b';\nimport { run } from '../worker/b';\n",
      'src/storage/s.ts': "import { k } from '../feeds/klines';\n",
      'src/core/a.test.ts': "import { b } from '../worker/b';\n",
      'src/cli/x.ts': "import { v } from '../../e2e/venue';\nimport c from '../../playwright.config';\n",
    });
    const bad = violations(arrows(src)).map((a) => `${a.from}->${a.to} ${a.file}`).sort();
    expect(bad).toEqual([
      'cli->e2e cli/x.ts',
      'core->worker core/a.ts',
      'storage->feeds storage/s.ts',
      'ui->worker ui/page.tsx',
    ]);
  });

  it('finds no arrow pointing the wrong way in this project', () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    expect(violations(arrows(src)).map((a) => `${a.from} -> ${a.to}: ${a.file} imports ${a.spec}`)).toEqual([]);
  });
});
