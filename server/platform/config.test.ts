import { describe, expect, it } from 'vitest';
import { parseConfig, publicEnv } from './config';

describe('parseConfig', () => {
  it('fills safe local defaults', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.isLocal).toBe(true);
    expect(c.ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(12);
  });

  it('names the bad variable', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('requires DATABASE_URL, a private SESSION_SECRET and a METRICS_TOKEN in production mode', () => {
    expect(() => parseConfig({ DOTSHOP_MODE: 'production' })).toThrow(/DATABASE_URL[\s\S]*SESSION_SECRET[\s\S]*METRICS_TOKEN/);
    expect(() => parseConfig({ DOTSHOP_MODE: 'production', DATABASE_URL: 'postgres://db/x', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/METRICS_TOKEN: is required in production mode/);
    const c = parseConfig({ DOTSHOP_MODE: 'production', DATABASE_URL: 'postgres://db/x', SESSION_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'y'.repeat(16), METRICS_TOKEN: 'm'.repeat(32) });
    expect(c.isLocal).toBe(false);
  });

  it('exposes only whitelisted values to the browser', () => {
    const c = parseConfig({ SESSION_SECRET: 's'.repeat(40) });
    expect(JSON.stringify(publicEnv(c))).not.toContain('s'.repeat(40));
    expect(Object.keys(publicEnv(c)).sort()).toEqual(['MODE', 'REGION']);
  });
});
