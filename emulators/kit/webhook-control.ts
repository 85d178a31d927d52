// The control API of webhook delivery: `/_emulator/webhooks/…` (faults, pause/resume, the delivery
// log, waiting for quiet) and the routes that list, add and remove an emulator's endpoints or
// subscriptions.
import { type ControlRoute, ControlError, ControlInputError } from './control';
import { type WebhookDispatcher, type WebhookFaults, type WebhookTarget } from './webhooks';

/**
 * `GET|DELETE|POST <path>`: list, remove and add the emulator's endpoints or subscriptions
 * (answered under `key`); `add` gets the POST body once its `url` is known to be a string.
 */
export function targetControlRoutes<T extends WebhookTarget>(
  path: string,
  key: string,
  webhooks: { readonly targets: T[]; removeAllTargets(): void },
  add: (url: string, body: Record<string, unknown>) => unknown,
): ControlRoute[] {
  return [
    { method: 'GET', path, handle: () => ({ [key]: webhooks.targets }) },
    {
      method: 'DELETE',
      path,
      handle: () => {
        webhooks.removeAllTargets();
        return { [key]: [] };
      },
    },
    {
      method: 'POST',
      path,
      handle: async ({ body }) => {
        const b = await body();
        if (typeof b.url !== 'string') throw new ControlInputError('url is required');
        return add(b.url, b);
      },
    },
  ];
}

/** The `/_emulator/webhooks/faults` body: non-negative numbers only. */
export function webhookFaultsFrom(body: Record<string, unknown>): WebhookFaults {
  const f: WebhookFaults = {};
  for (const k of ['duplicate', 'reorder', 'reorderWindowMs', 'delayMs'] as const) {
    if (body[k] !== undefined) {
      const n = Number(body[k]);
      if (!Number.isFinite(n) || n < 0) throw new ControlInputError(`${k} must be a non-negative number`);
      f[k] = n;
    }
  }
  return f;
}

export interface WebhookControl {
  dispatcher: Pick<WebhookDispatcher<never, WebhookTarget, { ok: boolean }>, 'getFaults' | 'setFaults' | 'clearFaults' | 'waitForIdle'> & { deliveries: readonly unknown[] };
  /** Pausing may mean more than the dispatcher's pause (the Shopify emulator also holds webhooks while down). */
  pause(): void;
  resume(): void;
}

/** `/_emulator/webhooks/…`: faults, pause/resume, the delivery log, and waiting for quiet. */
export function webhookControlRoutes({ dispatcher, pause, resume }: WebhookControl): ControlRoute[] {
  return [
    { method: 'GET', path: '/_emulator/webhooks/faults', handle: () => dispatcher.getFaults() },
    {
      method: 'DELETE',
      path: '/_emulator/webhooks/faults',
      handle: () => {
        dispatcher.clearFaults();
        return dispatcher.getFaults();
      },
    },
    {
      method: 'POST',
      path: '/_emulator/webhooks/faults',
      handle: async (r) => {
        const body = await r.body();
        dispatcher.setFaults(webhookFaultsFrom(body));
        if (body.paused === true) pause();
        if (body.paused === false) resume();
        return dispatcher.getFaults();
      },
    },
    {
      method: 'POST',
      path: '/_emulator/webhooks/pause',
      handle: () => {
        pause();
        return dispatcher.getFaults();
      },
    },
    {
      method: 'POST',
      path: '/_emulator/webhooks/resume',
      handle: () => {
        resume();
        return dispatcher.getFaults();
      },
    },
    { method: 'GET', path: '/_emulator/webhooks/deliveries', handle: () => ({ deliveries: dispatcher.deliveries }) },
    {
      method: 'POST',
      path: '/_emulator/webhooks/wait',
      handle: async (r) => {
        const timeout = Number(r.url.searchParams.get('timeout_ms') ?? 10_000);
        try {
          await dispatcher.waitForIdle(timeout);
          return { idle: true };
        } catch (e) {
          throw new ControlError(e instanceof Error ? e.message : String(e), 504);
        }
      },
    },
  ];
}
