import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyDummyPassword, verifyPassword } from './password';

describe('admin password hashing (scrypt)', () => {
  it('stores a self-describing scrypt$N$r$p$salt$hash string with a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('a long enough password');
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    expect(scheme).toBe('scrypt');
    expect(Number(N)).toBeGreaterThanOrEqual(2 ** 15);
    expect([Number(r), Number(p)]).toEqual([8, 1]);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64')).toHaveLength(64);
    expect(stored).not.toContain('a long enough password');
  });

  it('verifies the right password and refuses a wrong one; equal passwords get different salts', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('never verifies a malformed or tampered hash, including an absurd cost', async () => {
    const good = await hashPassword('correct horse battery');
    const parts = good.split('$');
    expect(await verifyPassword('correct horse battery', 'plaintext')).toBe(false);
    expect(await verifyPassword('correct horse battery', ['scrypt', 2 ** 30, 8, 1, parts[4], parts[5]].join('$'))).toBe(false);
    expect(await verifyPassword('correct horse battery', [...parts.slice(0, 5), Buffer.alloc(64).toString('base64')].join('$'))).toBe(false);
  });

  it('asks for a rehash only when the stored parameters are weaker than today', async () => {
    expect(needsRehash(await hashPassword('x'.repeat(12)))).toBe(false);
    const weak = await hashPassword('x'.repeat(12));
    expect(needsRehash(weak.replace(`$${SCRYPT_PARAMS.N}$`, '$16384$'))).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('does the same work for unknown accounts (dummy verify) and always says no', async () => {
    expect(await verifyDummyPassword('anything at all')).toBe(false);
  });
});
