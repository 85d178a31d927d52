// .env.example must list every variable the config module reads, with a value that validates.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configVariableNames, parseConfig } from './config';

describe('.env.example', () => {
  const text = fs.readFileSync('.env.example', 'utf8');
  const listed = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^#?\s*([A-Z][A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) listed.set(m[1], m[2]);
  }

  it('lists every variable server/platform/config.ts reads', () => {
    expect(configVariableNames.filter((n) => !listed.has(n))).toEqual([]);
  });

  it('has values that pass validation', () => {
    const env = Object.fromEntries([...listed].filter(([, v]) => !v.includes('user:password')));
    expect(() => parseConfig(env)).not.toThrow();
  });
});
