// The fault schedule is a function of its seed (a failing run can be replayed) and holds every
// fault the issue lists, inside the run.
import { describe, expect, it } from 'vitest';
import { buildSchedule } from './schedule';

describe('buildSchedule', () => {
  it('is the same for the same seed and different for another', () => {
    expect(buildSchedule({ seed: 7, seconds: 120 })).toEqual(buildSchedule({ seed: 7, seconds: 120 }));
    expect(buildSchedule({ seed: 8, seconds: 120 })).not.toEqual(buildSchedule({ seed: 7, seconds: 120 }));
  });

  it('holds every kind of fault, each inside the run, in time order', () => {
    for (const seconds of [30, 120]) {
      const events = buildSchedule({ seed: 20261204, seconds });
      const kinds = new Set(events.map((e) => e.kind));
      for (const k of ['kill-web', 'kill-worker', 'kill-web-mid-checkout', 'postgres-restart', 'stripe-5xx', 'stripe-timeouts', 'stripe-webhook-chaos', 'shopify-down', 'shopify-429', 'shopify-webhook-chaos', 'stock-change-in-flight', 'flash-sale']) expect(kinds.has(k as never), k).toBe(true);
      expect(events.filter((e) => e.kind === 'postgres-restart')).toHaveLength(1);
      for (const e of events) expect(e.at + e.durationMs).toBeLessThanOrEqual(seconds * 1000);
      expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
      const down = events.find((e) => e.kind === 'shopify-down')!;
      expect(down.durationMs).toBe(Math.min(60_000, (seconds * 1000) / 3));
    }
    expect(buildSchedule({ seed: 1, seconds: 120 }).filter((e) => e.kind === 'kill-web')).toHaveLength(3);
    // Two regions add the replica pause and change nothing else of the schedule.
    const one = buildSchedule({ seed: 5, seconds: 120 });
    const two = buildSchedule({ seed: 5, seconds: 120, regions: true });
    expect(two.filter((e) => e.kind !== 'replica-paused')).toEqual(one);
    expect(two.filter((e) => e.kind === 'replica-paused')).toHaveLength(1);
    expect(one.some((e) => e.kind === 'replica-paused')).toBe(false);
  });
});
