import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { listAudit, listAuditActions, writeAudit } from './audit';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('adminaudit');
});
afterAll(async () => t?.drop());

describe('audit log', () => {
  it('writes who/what/before/after and redacts secrets whatever the caller passes', async () => {
    const { id } = await writeAudit(t.primary, {
      actorType: 'admin',
      actorId: 7,
      actorLabel: 'owner@dotshop.test',
      action: 'payment.captured',
      entityType: 'payment',
      entityId: 42,
      before: { status: 'authorized' },
      after: { status: 'captured', password: 'hunter2', nested: { csrfToken: 'tok', amount: 1200 } },
      requestId: 'req-1',
      ip: '198.51.100.1',
    });
    const { rows } = await listAudit(t.primary, { action: 'payment.captured' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id,
      actorId: '7',
      entityId: '42',
      before: { status: 'authorized' },
      after: { status: 'captured', password: '[redacted]', nested: { csrfToken: '[redacted]', amount: 1200 } },
    });
  });

  it('pages newest first and filters by action', async () => {
    for (let i = 0; i < 7; i++) await writeAudit(t.primary, { actorType: 'system', action: i % 2 ? 'odd' : 'even', entityId: i });
    const first = await listAudit(t.primary, { pageSize: 3 });
    expect(first.rows.map((r) => r.entityId)).toEqual(['6', '5', '4']);
    expect(first.hasNext).toBe(true);
    const evens = await listAudit(t.primary, { action: 'even', pageSize: 3, page: 2 });
    expect(evens.rows.map((r) => r.entityId)).toEqual(['0']);
    expect(evens.hasNext).toBe(false);
    expect(await listAuditActions(t.primary)).toEqual(['even', 'odd', 'payment.captured']);
  });
});
