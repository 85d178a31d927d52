// What every Remix loader/action receives as `context`: the request id, a request-scoped logger,
// the database handles and the validated config. Built once per request by server/http.ts.
import type { Databases } from '../../db/client';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Outbox } from './outbox';
import type { Stripe } from '../integrations/stripe/client';

export type AppContext = {
  requestId: string;
  logger: Logger;
  db: Databases;
  config: Config;
  clientIp: string;
  outbox: Outbox;
  stripe: Stripe;
};

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
