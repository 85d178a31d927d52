// The supervisor under the local stack and the fault suite: a child killed with SIGKILL is
// restarted (with growing backoff), stop() always stops everything in reverse order — including a
// child that already died, one waiting for its restart, and one that ignores SIGTERM.
import { describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor';

const node = (name: string, code: string, extra: Partial<Parameters<Supervisor['start']>[0]> = {}) => ({
  name,
  command: process.execPath,
  args: ['-e', code],
  output: () => {},
  ...extra,
});
const forever = "process.on('SIGTERM', () => { console.log('bye'); process.exit(0); }); setInterval(() => {}, 1000);";
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Supervisor', () => {
  it('replace() rolls a service onto a new environment: the old child stops, it is not counted as a crash', async () => {
    const lines: string[] = [];
    const sup = new Supervisor({ log: () => {}, initialBackoffMs: 50 });
    const envPrinter = "console.log('primary=' + process.env.PRIMARY_REGION); " + forever;
    await sup.start(node('web', envPrinter, { env: { ...process.env, PRIMARY_REGION: 'us-east' }, output: (l: string) => lines.push(l) }));
    await until(() => lines.includes('primary=us-east'));
    const first = sup.pid('web')!;
    await sup.replace('web', { env: { ...process.env, PRIMARY_REGION: 'eu-west' } });
    await until(() => lines.includes('primary=eu-west'));
    expect(alive(first)).toBe(false);
    expect(sup.pid('web')).not.toBe(first);
    expect(sup.restarts('web')).toBe(0);
    // Still supervised: a crash of the new child is restarted with the new environment.
    sup.kill('web', 'SIGKILL');
    await sup.waitRunning('web');
    await until(() => lines.filter((l) => l === 'primary=eu-west').length === 2);
    await sup.stop();
  });

  it('restarts a child killed with SIGKILL, with backoff, and logs it', async () => {
    const log: string[] = [];
    const sup = new Supervisor({ log: (m) => log.push(m), initialBackoffMs: 50 });
    await sup.start(node('web', forever));
    const first = sup.pid('web')!;
    expect(sup.kill('web', 'SIGKILL')).toBe(true);
    await sup.waitRunning('web');
    const second = sup.pid('web')!;
    expect(second).not.toBe(first);
    expect(sup.restarts('web')).toBe(1);
    sup.kill('web', 'SIGKILL');
    await until(() => sup.restarts('web') === 2);
    await sup.waitRunning('web');
    expect(log.join('\n')).toMatch(/web exited \(SIGKILL\); restarting in 50 ms \(restart 1\)/);
    expect(log.join('\n')).toMatch(/restarting in 100 ms \(restart 2\)/);
    await sup.stop();
    expect(alive(sup.pid('web') ?? second)).toBe(false);
  });

  it('stop() returns promptly when a child already died, and cancels a pending restart', async () => {
    const sup = new Supervisor({ log: () => {}, initialBackoffMs: 60_000 });
    await sup.start(node('emulator', forever));
    await sup.start(node('worker', forever));
    const pid = sup.pid('worker')!;
    sup.kill('worker', 'SIGKILL');
    await until(() => !alive(pid));
    await until(() => sup.restarts('worker') === 1); // waiting 60 s for its restart
    const emulatorPid = sup.pid('emulator')!;
    const t0 = Date.now();
    await sup.stop();
    expect(Date.now() - t0).toBeLessThan(5000); // not the 60 s backoff, not forever
    expect(alive(emulatorPid)).toBe(false);
    expect(sup.pid('worker')).toBeUndefined();
  });

  it('stops in reverse start order and SIGKILLs a child that ignores SIGTERM after the grace period', async () => {
    const order: string[] = [];
    const sup = new Supervisor({ log: (m) => order.push(m), stopTimeoutMs: 300 });
    const say = (name: string) => `process.on('SIGTERM', () => { console.log('${name} stopping'); setTimeout(() => process.exit(0), 50); }); setInterval(() => {}, 1000);`;
    const lines: string[] = [];
    await sup.start(node('postgres', say('postgres'), { output: (l) => lines.push(l) }));
    await sup.start(node('web', say('web'), { output: (l) => lines.push(l) }));
    await sup.start(node('stubborn', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);", { output: (l) => lines.push(l) }));
    await until(() => lines.includes('ready'));
    await sup.stop();
    expect(lines.filter((l) => l.endsWith('stopping'))).toEqual(['web stopping', 'postgres stopping']);
    expect(order.join('\n')).toMatch(/stubborn did not stop within 300 ms; killing it/);
  });

  it('does not restart a service that asked not to be', async () => {
    const log: string[] = [];
    const sup = new Supervisor({ log: (m) => log.push(m), initialBackoffMs: 10 });
    await sup.start(node('once', 'setTimeout(() => process.exit(3), 50)', { restart: false }));
    await until(() => log.some((l) => l.includes('once exited (3); not restarted')));
    await new Promise((r) => setTimeout(r, 100));
    expect(sup.restarts('once')).toBe(0);
    expect(sup.pid('once')).toBeUndefined();
    await sup.stop();
  });
});
