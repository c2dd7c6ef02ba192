import { afterEach, describe, expect, it } from 'vitest';
import { FollowerLink, LeaderLink } from './tabs';

const open: { close(): void }[] = [];
function channel(name: string): BroadcastChannel {
  const c = new BroadcastChannel(name);
  open.push(c);
  return c;
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe('tab links', () => {
  it('a follower call runs once on the leader and the answer reaches only the caller', async () => {
    const name = `t-${Math.random()}`;
    const calls: string[] = [];
    const leader = new LeaderLink(channel(name), (method, args) => {
      calls.push(`${method}:${JSON.stringify(args)}`);
      return { ok: true, echo: args[0] };
    });
    const a = new FollowerLink(channel(name), 'a');
    const b = new FollowerLink(channel(name), 'b');
    const [ra, rb] = await Promise.all([a.call('place', [1]), b.call('place', [2])]);
    expect(ra).toEqual({ ok: true, echo: 1 });
    expect(rb).toEqual({ ok: true, echo: 2 });
    expect(calls.sort()).toEqual(['place:[1]', 'place:[2]']);
    leader.close();
  });

  it('a new leader says hello: followers hear it (and resend what went unanswered)', async () => {
    const name = `t-${Math.random()}`;
    const f = new FollowerLink(channel(name), 'f');
    void f.call('book', ['f', 'FUN']).catch(() => {});
    const heard = new Promise<number>((resolve) => (f.onHello = () => resolve(f.orphans().length)));
    new LeaderLink(channel(name), () => null).hello('new');
    expect(await heard).toBe(1);
  });

  it('frames from the leader reach every follower', async () => {
    const name = `t-${Math.random()}`;
    const leader = new LeaderLink(channel(name), () => null);
    const f = new FollowerLink(channel(name), 'f');
    const got = new Promise((resolve) => (f.onFrame = resolve));
    leader.frame({ n: 7 });
    expect(await got).toEqual({ n: 7 });
  });

  it('an error on the leader rejects the follower call; unanswered calls can be collected', async () => {
    const name = `t-${Math.random()}`;
    new LeaderLink(channel(name), () => {
      throw new Error('boom');
    });
    const f = new FollowerLink(channel(name), 'f');
    await expect(f.call('x', [])).rejects.toThrow('boom');
    const lonely = new FollowerLink(channel(`none-${Math.random()}`), 'g');
    void lonely.call('place', [3]).catch(() => {});
    expect(lonely.orphans().map((o) => o.method)).toEqual(['place']);
  });
});
