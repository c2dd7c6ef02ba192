import { describe, expect, it } from 'vitest';
import { MAX_CODE_CHARS as STORED_MAX, USER_STRATEGY_NAME } from '../../storage/userStrategies';
import { MAX_CODE_CHARS, NAME_RULE, fileNameOf, freeName, importProblem, nameFromFile } from './files';

describe('strategy files', () => {
  it('mirror storage\'s rules', () => {
    expect(MAX_CODE_CHARS).toBe(STORED_MAX);
    expect(NAME_RULE.source).toBe(USER_STRATEGY_NAME.source);
  });

  it('names come from file names, always valid', () => {
    expect(nameFromFile('sma.js')).toBe('sma');
    expect(nameFromFile('My Idea (2).js')).toBe('My-Idea-2');
    expect(nameFromFile('..js')).toBe('strategy');
    expect(nameFromFile('é.js')).toBe('strategy');
    for (const f of ['a b c.js', '___x.js', '-.js', 'x'.repeat(200) + '.js', '名前.js']) expect(nameFromFile(f)).toMatch(NAME_RULE);
    expect(fileNameOf('sma')).toBe('sma.js');
  });

  it('imports only text files of a sane size', () => {
    expect(importProblem('a.js', 10)).toBeNull();
    expect(importProblem('a.png', 10)).toMatch(/not a JavaScript file/);
    expect(importProblem('a.js', 10_000_000)).toMatch(/too big/);
  });

  it('freeName avoids names taken', () => {
    expect(freeName('a', [])).toBe('a');
    expect(freeName('a', ['a', 'a-2'])).toBe('a-3');
  });
});
