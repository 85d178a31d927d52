// Runs the shop's processes on one machine the way ECS runs its tasks: each child is restarted
// when it dies on its own (with exponential backoff, logged), and `stop()` always stops every
// child in reverse start order — even one that already died, one waiting to be restarted, or one
// that ignores SIGTERM (SIGKILL after a grace period). Used by `npm start` and the fault suite.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Run as this user (the embedded Postgres as `postgres` when we are root). */
  uid?: number;
  gid?: number;
  /** Restart when it exits without being asked to (default true). */
  restart?: boolean;
  /** How to ask it to stop (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** `inherit` (default) or `pipe` to a line callback. */
  output?: 'inherit' | ((line: string) => void);
  /** Resolves when the service answers (called after every start, restarts included). */
  ready?: () => Promise<void>;
}

export interface SupervisorOptions {
  log?: (message: string) => void;
  /** First restart delay; doubles per crash up to maxBackoffMs; back to the first after a calm run. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A child that ran this long counts as healthy: its next crash restarts after initialBackoffMs. */
  healthyAfterMs?: number;
  /** Grace period between the stop signal and SIGKILL. */
  stopTimeoutMs?: number;
}

interface Service {
  spec: ServiceSpec;
  child: ChildProcess | null;
  startedAt: number;
  restarts: number;
  backoffMs: number;
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
  /** The pid last signalled through kill(): not "running" (for waitRunning) even before its exit event arrives. */
  killedPid: number | undefined;
}

function exitedAlready(c: ChildProcess): boolean {
  return c.exitCode !== null || c.signalCode !== null;
}

export class Supervisor {
  private readonly services: Service[] = [];
  private stopping: Promise<void> | null = null;
  private readonly log: (m: string) => void;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly healthyAfterMs: number;
  private readonly stopTimeoutMs: number;

  constructor(opts: SupervisorOptions = {}) {
    this.log = opts.log ?? ((m) => console.error(`[dotshop] ${m}`));
    this.initialBackoffMs = opts.initialBackoffMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.healthyAfterMs = opts.healthyAfterMs ?? 30_000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 20_000;
  }

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  /** Starts a service and waits for it to be ready. */
  async start(spec: ServiceSpec): Promise<void> {
    if (this.stopping) throw new Error('the supervisor is stopping');
    const svc: Service = { spec, child: null, startedAt: 0, restarts: 0, backoffMs: this.initialBackoffMs, timer: null, exited: Promise.resolve(), killedPid: undefined };
    this.services.push(svc);
    this.spawn(svc);
    this.log(`${spec.name} started (pid ${svc.child?.pid}).`);
    await spec.ready?.();
  }

  pid(name: string): number | undefined {
    const c = this.find(name).child;
    return c && !exitedAlready(c) ? c.pid : undefined;
  }

  restarts(name: string): number {
    return this.find(name).restarts;
  }

  /** Sends a signal to a running service (the fault suite's `kill -9`). False when it is not running. */
  kill(name: string, signal: NodeJS.Signals): boolean {
    const svc = this.find(name);
    const c = svc.child;
    if (!c || exitedAlready(c)) return false;
    svc.killedPid = c.pid;
    return c.kill(signal);
  }

  /** Waits until the named service is running again and ready (after a kill). */
  async waitRunning(name: string, timeoutMs = 60_000): Promise<void> {
    const svc = this.find(name);
    const deadline = Date.now() + timeoutMs;
    while (!svc.child || exitedAlready(svc.child) || svc.child.pid === svc.killedPid) {
      if (Date.now() > deadline) throw new Error(`${name} did not come back within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await svc.spec.ready?.();
  }

  /**
   * Replaces a service with a new spec (ECS rolling a task definition: new environment, same
   * service): stops the running one, starts the new one and waits for it to be ready.
   */
  async replace(name: string, spec: Partial<ServiceSpec>): Promise<void> {
    if (this.stopping) throw new Error('the supervisor is stopping');
    const svc = this.find(name);
    if (svc.timer) {
      clearTimeout(svc.timer);
      svc.timer = null;
    }
    const old = svc.child;
    svc.child = null; // its exit is not a crash: no restart
    if (old && !exitedAlready(old)) {
      const exited = new Promise<void>((r) => old.once('exit', () => r()));
      old.kill(svc.spec.stopSignal ?? 'SIGTERM');
      const late = setTimeout(() => old.kill('SIGKILL'), this.stopTimeoutMs);
      await exited;
      clearTimeout(late);
    }
    svc.spec = { ...svc.spec, ...spec, name };
    svc.backoffMs = this.initialBackoffMs;
    this.spawn(svc);
    this.log(`${name} replaced (pid ${this.pid(name)}).`);
    await svc.spec.ready?.();
  }

  /** Stops every service in reverse start order. Safe to call again (returns the same promise). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const svc of this.services) if (svc.timer) clearTimeout(svc.timer);
      for (const svc of [...this.services].reverse()) await this.stopOne(svc);
    })();
    return this.stopping;
  }

  private find(name: string): Service {
    const svc = this.services.find((s) => s.spec.name === name);
    if (!svc) throw new Error(`no service named ${name}`);
    return svc;
  }

  private spawn(svc: Service): void {
    const { spec } = svc;
    const opts: SpawnOptions = { env: spec.env ?? process.env, stdio: spec.output === undefined || spec.output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] };
    if (spec.uid !== undefined) opts.uid = spec.uid;
    if (spec.gid !== undefined) opts.gid = spec.gid;
    const child = spawn(spec.command, spec.args, opts);
    svc.child = child;
    svc.startedAt = Date.now();
    if (typeof spec.output === 'function') {
      const emit = spec.output;
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream?.on('data', (chunk: Buffer) => {
          const lines = (rest + chunk.toString('utf8')).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) if (line) emit(line);
        });
      }
    }
    svc.exited = new Promise((resolve) => {
      child.once('error', (err) => {
        this.log(`${spec.name} could not start: ${err.message}`);
        resolve();
      });
      child.once('exit', (code, signal) => {
        resolve();
        if (this.stopping || svc.child !== child) return;
        if (spec.restart === false) {
          this.log(`${spec.name} exited (${signal ?? code}); not restarted.`);
          return;
        }
        if (Date.now() - svc.startedAt >= this.healthyAfterMs) svc.backoffMs = this.initialBackoffMs;
        const delay = svc.backoffMs;
        svc.backoffMs = Math.min(svc.backoffMs * 2, this.maxBackoffMs);
        svc.restarts++;
        this.log(`${spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms (restart ${svc.restarts}).`);
        svc.timer = setTimeout(() => {
          svc.timer = null;
          if (this.stopping) return;
          this.spawn(svc);
          this.log(`${spec.name} restarted (pid ${svc.child?.pid}).`);
        }, delay);
      });
    });
  }

  private async stopOne(svc: Service): Promise<void> {
    const c = svc.child;
    if (!c || exitedAlready(c)) return;
    c.kill(svc.spec.stopSignal ?? 'SIGTERM');
    const late = setTimeout(() => {
      if (!exitedAlready(c)) {
        this.log(`${svc.spec.name} did not stop within ${this.stopTimeoutMs} ms; killing it.`);
        c.kill('SIGKILL');
      }
    }, this.stopTimeoutMs);
    await svc.exited;
    clearTimeout(late);
  }
}
