/**
 * Rate limits: a token bucket per connection and one per IP address (a
 * classroom's students each have their own device; one device opening many
 * sockets shares its address's bucket), and a cap on sockets per address.
 * Time is passed in, so the tests need no clock.
 */
export class Bucket {
  private tokens: number;
  private at: number;

  constructor(private readonly perSecond: number, private readonly burst: number, now: number) {
    this.tokens = burst;
    this.at = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface Limits {
  /** Messages a second per socket, and the burst it may save up. */
  perSocket: { perSecond: number; burst: number };
  /** Messages a second per IP address (all its sockets). */
  perIp: { perSecond: number; burst: number };
  /** Open sockets per IP address. */
  socketsPerIp: number;
  /** Refused messages in a row before the socket is closed. */
  strikes: number;
}

export const DEFAULT_LIMITS: Limits = {
  perSocket: { perSecond: 40, burst: 80 },
  perIp: { perSecond: 100, burst: 200 },
  socketsPerIp: 8,
  strikes: 50,
};

/** Per-address bookkeeping: sockets open and the address's bucket (dropped when its last socket closes). */
export class IpTable {
  private readonly ips = new Map<string, { sockets: number; bucket: Bucket }>();

  constructor(private readonly limits: Limits) {}

  /** A new socket from `ip`: false when the address already has as many as it may. */
  open(ip: string, now: number): boolean {
    let e = this.ips.get(ip);
    if (e === undefined) this.ips.set(ip, (e = { sockets: 0, bucket: new Bucket(this.limits.perIp.perSecond, this.limits.perIp.burst, now) }));
    if (e.sockets >= this.limits.socketsPerIp) return false;
    e.sockets++;
    return true;
  }

  close(ip: string): void {
    const e = this.ips.get(ip);
    if (e === undefined) return;
    if (--e.sockets <= 0) this.ips.delete(ip);
  }

  take(ip: string, now: number): boolean {
    return this.ips.get(ip)?.bucket.take(now) ?? false;
  }
}
