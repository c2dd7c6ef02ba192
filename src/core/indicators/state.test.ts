import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarsSince } from './barsSince';
import { makeSubjects, roughBar, type Subject } from './indicators.testkit';
import { Macd } from './macd';
import { Sma } from './sma';
import { decodeNumber, encodeNumber, encodeNumbers, StateReader } from './state';

/** Through JSON and back, as a file or a journal line carries it. */
const viaJson = (s: unknown): unknown => JSON.parse(JSON.stringify(s));

describe('numbers in saved states', () => {
  it('every double survives JSON: NaN, ±Infinity and −0 included', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        expect(Object.is(decodeNumber(viaJson(encodeNumber(x))), x)).toBe(true);
      }),
    );
    expect(encodeNumbers([NaN, Infinity, -Infinity, -0, 0, 1.5])).toEqual([null, 'Infinity', '-Infinity', '-0', 0, 1.5]);
  });

  it('anything else is not a number', () => {
    for (const v of ['NaN', 'inf', '1', true, {}, [], undefined]) expect(decodeNumber(v)).toBeUndefined();
  });

  it('the reader keeps the first error and refuses inherited fields', () => {
    const r = new StateReader({ kind: 'x', a: 'no' }, 'x', {});
    expect(r.number('a')).toBe(0);
    expect(r.int('b', 0, 3)).toBe(0);
    expect(r.error).toBe('a is not a number');
    expect(r.failure()).toEqual({ ok: false, code: 'INVALID_SNAPSHOT', message: 'Saved x refused: a is not a number.' });
    const inherited = new StateReader(Object.create({ kind: 'x' }), 'x', {});
    expect(inherited.error).toBe('this is not a saved x');
    const r2 = new StateReader({ kind: 'x', b: 1, f: Infinity, list: [1, 'x'] }, 'x', {});
    expect(r2.bool('b')).toBe(false);
    expect(r2.finite('f')).toBe(0);
    expect(r2.numbers('list', 2)).toHaveLength(2);
    expect(r2.numbers('nothing', 1)).toHaveLength(1);
    expect(r2.error).toBe('b must be true or false');
  });
});

const params = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 3, noNaN: true }));

describe('save and load', () => {
  it('property: save at a random cut, load into a fresh object, feed the rest: the same values to the bit', () => {
    fc.assert(
      fc.property(fc.array(roughBar, { maxLength: 80 }), fc.nat(), params, (bars, cutSeed, [p, q, k]) => {
        const cut = bars.length === 0 ? 0 : cutSeed % (bars.length + 1);
        const whole = makeSubjects(p, q, k);
        const first = makeSubjects(p, q, k);
        const feed = (s: Subject, b: number[]) => s.feed(b[0], b[1], b[2], b[3]);
        bars.slice(0, cut).forEach((b) => {
          whole.forEach((s) => feed(s, b));
          first.forEach((s) => feed(s, b));
        });
        const resumed = makeSubjects(p, q, k);
        resumed.forEach((s, i) => {
          const loaded = s.load(viaJson(first[i].save()));
          expect(loaded, s.name).toEqual({ ok: true });
          expect(s.outputs().map(encodeNumber), s.name).toEqual(whole[i].outputs().map(encodeNumber));
          expect(s.ready).toBe(whole[i].ready);
        });
        bars.slice(cut).forEach((b) => {
          whole.forEach((s, i) => {
            const want = feed(s, b);
            const got = feed(resumed[i], b);
            expect(Object.is(got, want), `${s.name}: ${got} vs ${want}`).toBe(true);
            expect(resumed[i].outputs().map(encodeNumber), s.name).toEqual(s.outputs().map(encodeNumber));
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('property: barsSince resumes the same way', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 40 }), fc.nat(40), (conds, cut) => {
        const whole = new BarsSince();
        const first = new BarsSince();
        conds.slice(0, cut).forEach((c) => {
          whole.update(c);
          first.update(c);
        });
        const resumed = new BarsSince();
        expect(resumed.load(viaJson(first.save())).ok).toBe(true);
        for (const c of conds.slice(cut)) expect(Object.is(resumed.update(c), whole.update(c))).toBe(true);
      }),
    );
  });

  it('every field of every saved state is checked: a broken one is refused and changes nothing', () => {
    for (const [i, subject] of makeSubjects(3, 2, 2).entries()) {
      for (const b of [[10, 8, 9, 100], [11, 9, 10, 50], [12, 9, 11, 80], [NaN, 1, 1, 1], [12, 10, 11, 70]]) subject.feed(b[0], b[1], b[2], b[3]);
      const good = viaJson(subject.save()) as Record<string, unknown>;
      const target = makeSubjects(3, 2, 2)[i];
      target.feed(5, 4, 5, 10);
      const before = JSON.stringify(target.save());
      for (const key of Object.keys(good)) {
        for (const bad of ['bad', [], { kind: 'bad' }]) {
          const r = target.load({ ...good, [key]: bad });
          expect(r.ok, `${subject.name}.${key} = ${JSON.stringify(bad)}`).toBe(false);
          if (!r.ok) expect(r.code).toBe('INVALID_SNAPSHOT');
        }
        const without: Record<string, unknown> = { ...good };
        delete without[key];
        expect(target.load(without).ok, `${subject.name} without ${key}`).toBe(false);
      }
      for (const bad of [null, undefined, 3, 'x', [], {}]) expect(target.load(bad).ok).toBe(false);
      expect(JSON.stringify(target.save()), subject.name).toBe(before);
      expect(target.load(good)).toEqual({ ok: true });
      expect(JSON.stringify(target.save())).toBe(JSON.stringify(good));
    }
  });

  it('a state saved with other parameters is refused with the reason', () => {
    const r = new Sma(5).load(new Sma(4).save());
    expect(r).toEqual({ ok: false, code: 'INVALID_SNAPSHOT', message: 'Saved sma refused: it was saved with period 4, this one has 5.' });
    expect(new Macd(12, 26, 9).load(new Macd(12, 26, 8).save()).ok).toBe(false);
  });

  it('inconsistent counters are refused: a warm-up whose ring slot is not its count, gaps that are not the window’s', () => {
    const s = new Sma(4);
    s.update(1);
    const good = s.save() as Record<string, unknown>;
    expect(new Sma(4).load({ ...good, next: 2 }).ok).toBe(false);
    expect(new Sma(4).load({ ...good, gaps: 2 }).ok).toBe(false);
    expect(new Sma(4).load({ ...good, ring: [1, 2, 3] }).ok).toBe(false);
    expect(new Sma(4).load({ ...good, ring: [1, 2, 3, 'x'] }).ok).toBe(false);
    s.update(NaN);
    const withGap = s.save() as Record<string, unknown>;
    expect(new Sma(4).load(withGap).ok).toBe(true);
    expect(new Sma(4).load({ ...withGap, gaps: 0 })).toMatchObject({ ok: false, message: expect.stringMatching(/gaps must count the non-finite values/) });
    expect(new BarsSince().load({ kind: 'barsSince', value: -1 }).ok).toBe(false);
    expect(new BarsSince().load({ kind: 'barsSince', value: 1.5 }).ok).toBe(false);
  });
});
