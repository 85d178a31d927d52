// failRate: a flaky upstream that fails a fraction of requests, replayable from its seed.
import { describe, expect, it } from 'vitest';
import { FaultRules } from './faults';

const rules = () =>
  new FaultRules<{ failRate?: number; seed?: number; status?: number }, object, object, string>({ filter: () => ({}), extra: () => ({}), applies: () => true });

describe('failRate', () => {
  it('fails about that fraction of requests, the same ones for the same seed, until cleared', () => {
    const draw = (seed: number) => {
      const r = rules();
      r.add({ failRate: 0.2, seed, status: 503 });
      return Array.from({ length: 500 }, () => r.take('req').action?.kind === 'fail');
    };
    const a = draw(42);
    const failed = a.filter(Boolean).length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    expect(draw(42)).toEqual(a);
    expect(draw(43)).not.toEqual(a);
    const r = rules();
    r.add({ failRate: 1, seed: 1 });
    expect(r.take('x').action).toMatchObject({ kind: 'fail', status: 500 });
    r.clear();
    expect(r.take('x').action).toBeNull();
  });

  it('rejects a rate outside 0–1', () => {
    expect(() => rules().add({ failRate: 1.5 })).toThrow(/failRate/);
  });
});
