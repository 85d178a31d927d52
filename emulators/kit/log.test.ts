import { afterEach, describe, expect, it, vi } from 'vitest';
import { emulatorLog } from './log';

afterEach(() => vi.restoreAllMocks());

describe('emulatorLog', () => {
  const lines = [
    JSON.stringify({ kind: 'request', status: 200 }),
    JSON.stringify({ kind: 'request', status: 402 }),
    JSON.stringify({ kind: 'webhook', status: 200, ok: true }),
    JSON.stringify({ kind: 'webhook', status: 500, ok: false }),
    JSON.stringify({ kind: 'webhook', status: null, ok: false }),
    'not json',
  ];
  const printed = (mode?: string) => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    const log = emulatorLog(mode);
    for (const l of lines) log(l);
    const out = spy.mock.calls.map((c) => c[0]);
    spy.mockRestore();
    return out;
  };

  it('errors: prints only failed requests and unacknowledged deliveries (and anything unparsable)', () => {
    expect(printed('errors')).toEqual([lines[1], lines[3], lines[4], lines[5]]);
  });
  it('all (the default) prints everything; off prints nothing', () => {
    expect(printed()).toEqual(lines);
    expect(printed('off')).toEqual([]);
  });
});
