// Events: retrieve and list (with `type`/`types` filters and `*` wildcards); their `/v1/events`
// routes. Recording them is the store core's `emit`.
import { invalidParam, resourceMissing } from '../errors';
import { type ParamObject } from '../form';
import { type ListEnvelope, listPage } from '../lists';
import { allowOnly, optString, optStringArray } from '../params';
import { type ApiRoute, type EventRecord, ID, LIST_PARAMS, listOf, type StripeStore } from './core';

export function retrieveEvent(s: StripeStore, id: string, params: ParamObject): EventRecord {
  allowOnly(params, ['expand']);
  const e = s.eventsById.get(id);
  if (!e) throw resourceMissing('event', id, 'id');
  return e.obj;
}

export function listEvents(s: StripeStore, params: ParamObject): ListEnvelope<EventRecord> {
  allowOnly(params, [...LIST_PARAMS, 'type', 'types', 'delivery_success']);
  const type = optString(params, 'type');
  const types = optStringArray(params, 'types');
  if (type && types) throw invalidParam('You may only specify one of these parameters: type, types.', 'types');
  const matchers = (types ?? (type ? [type] : [])).map((t) => {
    if (t.endsWith('.*')) {
      const prefix = t.slice(0, -1);
      return (x: string) => x.startsWith(prefix);
    }
    if (t === '*') return () => true;
    return (x: string) => x === t;
  });
  return listPage(params, {
    ...listOf(s.eventOrder.items, s.eventsById, '/v1/events', 'event'),
    keep: matchers.length === 0 ? undefined : (r) => matchers.some((m) => m(r.obj.type)),
  });
}

export const eventRoutes: ApiRoute[] = [
  { method: 'GET', pattern: /^\/v1\/events$/, handler: ({ store, params }) => listEvents(store, params) },
  { method: 'GET', pattern: new RegExp(`^/v1/events/${ID}$`), handler: ({ store, params, match }) => retrieveEvent(store, match[1], params) },
];
