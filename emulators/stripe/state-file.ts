// The emulator's account in a file (STRIPE_EMULATOR_STATE_FILE), so a restart of the emulator —
// crashed, or restarted by the local stack's supervisor — keeps its PaymentIntents, charges,
// refunds, disputes, balance transactions, events and saved idempotency keys: an order authorized
// before the restart can be captured after it, and a retried request replays its first answer.
// Written atomically (temp file + rename) shortly after each change and at close; webhook
// deliveries still queued at a crash are not kept (the app converges through its recovery jobs).
import fs from 'node:fs';
import path from 'node:path';
import { type Entry, type IdempotencyStore } from './idempotency';
import { type StoreSnapshot, type StripeStore } from './store/core';

interface StateFile {
  version: 1;
  savedAt: string;
  store: StoreSnapshot;
  idempotency: [string, Entry][];
}

export class StateFileWriter {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly store: StripeStore,
    private readonly idempotency: IdempotencyStore,
    private readonly delayMs = 50,
  ) {}

  /** Loads the file if there is one; true when state was restored. */
  load(): boolean {
    if (!fs.existsSync(this.file)) return false;
    const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as StateFile;
    if (data.version !== 1) throw new Error(`${this.file}: unknown state file version ${String(data.version)}`);
    this.store.restore(data.store);
    this.idempotency.restore(data.idempotency);
    return true;
  }

  /** A change happened: save soon (changes within the delay are written together). */
  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.saveNow();
    }, this.delayMs);
  }

  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const data: StateFile = { version: 1, savedAt: new Date().toISOString(), store: this.store.snapshot(), idempotency: this.idempotency.snapshot() };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, this.file);
  }
}
