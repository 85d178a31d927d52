// Dates in the admin are shown in UTC, formatted on the server, so the page reads the same for
// every admin and hydration never disagrees with the server's render.
export function formatUtc(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
