// EMULATOR_LOG, read by both emulators' entry points: how much of the one-JSON-line-per-event log
// reaches stdout.
/**
 * EMULATOR_LOG: `all` (default) prints every request and delivery as a JSON line; `errors` only
 * failed ones (status ≥ 400, deliveries not acknowledged) — the e2e suite's setting; `off` nothing.
 */
export function emulatorLog(mode = 'all'): (line: string) => void {
  if (mode === 'off') return () => {};
  if (mode !== 'errors') return (line) => console.log(line);
  return (line) => {
    try {
      const r = JSON.parse(line) as { ok?: boolean; status?: number };
      if (r.ok === true || (typeof r.status === 'number' && r.status < 400 && r.ok !== false)) return;
    } catch {}
    console.log(line);
  };
}

