// The control API under /_emulator that tests (and people, through an HTML page) use to drive an
// emulator: route tables that each resource contributes, JSON or form bodies, JSON answers, and for
// the HTML page's form posts a redirect back to the page with a message.
import { type IncomingMessage } from 'node:http';
import { readBody } from './http';

/** A control request the emulator refuses; `status` defaults to 400. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A malformed control-API request (answered with 400). */
export class ControlInputError extends ControlError {}

/** An answer that is not the JSON of a value: an HTML page, a redirect, an API-shaped error. */
export class RawReply {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
    readonly contentType = 'text/plain',
  ) {}
}

/** A JSON answer, plus the message the HTML control page shows when a form posted it. */
export class Flash {
  constructor(
    readonly body: unknown,
    readonly message: string,
  ) {}
}

export interface ControlRequest {
  req: IncomingMessage;
  url: URL;
  match: RegExpExecArray;
  /** The body as sent; read once, on first use. */
  raw(): Promise<string>;
  /** The body as a JSON object or form fields (`{}` when empty). */
  body(): Promise<Record<string, unknown>>;
}

export interface ControlRoute {
  /** `*`: any method. */
  method: 'GET' | 'POST' | 'DELETE' | '*';
  /** An exact path, or a pattern whose groups the handler reads from `match`. */
  path: string | RegExp;
  handle(r: ControlRequest): unknown;
}

export interface ControlOptions {
  /** Serializes JSON answers. */
  json(v: unknown): string;
  /** Writes the answer (and records its status for the request log). */
  reply(status: number, body: string, headers?: Record<string, string>, contentType?: string): void;
  /** Form bodies (default: flat fields). */
  parseForm?(raw: string): Record<string, unknown>;
  /** Read POST bodies before routing, so that even an unknown path answers a form post with a redirect. */
  eagerBody?: boolean;
  /** Where form posts are redirected with `?flash=` / `?error=`; without it they are answered as JSON. */
  formRedirect?: string;
  /** The emulator's own errors: how to answer them, or undefined for a crash (500). */
  onError?(e: unknown): RawReply | ControlError | undefined;
}

const flatForm = (raw: string) => Object.fromEntries(new URLSearchParams(raw));

export function findRoute<R extends { method: string; path: string | RegExp }>(routes: readonly R[], method: string, path: string): { route: R; match: RegExpExecArray } | null {
  for (const route of routes) {
    if (route.method !== '*' && route.method !== method) continue;
    const match = typeof route.path === 'string' ? (route.path === path ? Object.assign([path], { index: 0, input: path }) : null) : route.path.exec(path);
    if (match) return { route, match: match as RegExpExecArray };
  }
  return null;
}

export async function handleControl(req: IncomingMessage, url: URL, path: string, routes: readonly ControlRoute[], o: ControlOptions): Promise<void> {
  const method = req.method ?? 'GET';
  let form = false;
  let raw: Promise<string> | undefined;
  let body: Promise<Record<string, unknown>> | undefined;
  const readRaw = () => (raw ??= readBody(req));
  const readParsed = () =>
    (body ??= readRaw().then((text) => {
      const isForm = String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      form = isForm && o.formRedirect !== undefined;
      if (isForm) return (o.parseForm ?? flatForm)(text);
      return parseJsonObject(text);
    }));
  const redirect = (query: string) => o.reply(303, '', { Location: `${o.formRedirect}?${query}` }, 'text/plain');
  const bad = (message: string, status: number) => (form ? redirect(`error=${encodeURIComponent(message)}`) : o.reply(status, o.json({ error: { message } })));
  try {
    if (o.eagerBody && method === 'POST') await readParsed();
    const found = findRoute(routes, method, path);
    if (!found) return bad(`Unknown control endpoint: ${method} ${path}`, 404);
    const result = await found.route.handle({ req, url, match: found.match, raw: readRaw, body: readParsed });
    if (result instanceof RawReply) return o.reply(result.status, result.body, result.headers, result.contentType);
    if (form) return redirect(`flash=${encodeURIComponent(result instanceof Flash ? result.message : 'Done.')}`);
    o.reply(200, o.json(result instanceof Flash ? result.body : result));
  } catch (e) {
    const mapped = e instanceof ControlError ? e : o.onError?.(e);
    if (mapped instanceof RawReply) return o.reply(mapped.status, mapped.body, mapped.headers, mapped.contentType);
    if (mapped) return bad(mapped.message, mapped.status);
    throw e;
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ControlInputError('request body must be JSON (or form-encoded)');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ControlInputError('expected a JSON object');
  return v as Record<string, unknown>;
}

export interface BasicControl {
  state(): unknown;
  reset(): void;
  /** What the HTML page says after a reset. */
  resetMessage?: string;
}

/** Health, state and reset: what every emulator answers. */
export function basicControlRoutes(c: BasicControl): ControlRoute[] {
  return [
    { method: 'GET', path: '/_emulator/health', handle: () => ({ ok: true }) },
    { method: 'GET', path: '/_emulator/state', handle: () => c.state() },
    {
      method: 'POST',
      path: '/_emulator/reset',
      handle: () => {
        c.reset();
        return new Flash({ ok: true }, c.resetMessage ?? 'Reset.');
      },
    },
  ];
}

/** A string field of a control body, trimmed; undefined when missing or blank. */
export const optString = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** An integer field of a control body (form fields arrive as strings). */
export function intField(v: unknown, name: string): number {
  const n = typeof v === 'string' && v.trim() ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ControlInputError(`${name} must be an integer`);
  return n;
}
