// The sign-in and sign-out forms: same-origin check (403), zod validation (400 with field errors),
// credentials (401 with one generic message) and the session cookie set or cleared.
import { z } from 'zod';
import { deleteAdminSession, MAX_PASSWORD_LENGTH, signIn, signOut } from '../../modules/admin';
import { assertCsrfToken, NO_STORE, assertSameOriginRequest, clearAdminSessionCookie, forgetAdminSession, readAdminSessionId, readKnownDeviceUserId, requireAdmin, safeAdminRedirectPath, serializeAdminSessionCookie, serializeKnownDeviceCookie } from './session';
import type { AppContext } from '../../platform/context';

export const signInFormSchema = z.object({
  intent: z.literal('sign-in', { error: 'Unexpected form.' }),
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email({ error: 'Enter a valid email address.' })),
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
  redirectTo: z.string().optional(),
});

export type SignInFieldErrors = Partial<Record<'intent' | 'email' | 'password' | 'redirectTo', string[]>>;

export type SignInFormResult =
  | { kind: 'signed-in'; redirectTo: string; headers: Headers }
  | { kind: 'invalid'; status: 400; fieldErrors: SignInFieldErrors; email: string }
  | { kind: 'refused'; status: 401; formError: string; email: string };

type ActionContext = Pick<AppContext, 'db' | 'config' | 'requestId' | 'clientIp'>;

/**
 * The sign-in form's action: same-origin check (403), zod validation (400 with field errors),
 * credentials (401 with the generic message), or a new session and where to go next. A session
 * the browser already had is ended first, so a planted cookie cannot survive sign-in.
 */
export async function signInWithForm(request: Request, context: ActionContext): Promise<SignInFormResult> {
  assertSameOriginRequest(request, { publicUrl: context.config.PUBLIC_URL });
  const form = await request.formData().catch(() => new FormData());
  const parsed = signInFormSchema.safeParse(Object.fromEntries(form));
  const typedEmail = typeof form.get('email') === 'string' ? String(form.get('email')).slice(0, 254) : '';
  if (!parsed.success) {
    return { kind: 'invalid', status: 400, fieldErrors: z.flattenError(parsed.error).fieldErrors, email: typedEmail };
  }
  const result = await signIn(context.db.primary, {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: context.clientIp,
    requestId: context.requestId,
    userAgent: request.headers.get('User-Agent'),
    knownDeviceUserId: await readKnownDeviceUserId(request, context.config),
  });
  if (!result.ok) return { kind: 'refused', status: 401, formError: result.message, email: typedEmail };

  const previous = await readAdminSessionId(request, context.config);
  if (previous) await deleteAdminSession(context.db.primary, previous);
  forgetAdminSession(context);
  const headers = new Headers(NO_STORE);
  headers.append('Set-Cookie', await serializeAdminSessionCookie(context.config, result.session.id));
  headers.append('Set-Cookie', await serializeKnownDeviceCookie(context.config, result.user.id));
  return { kind: 'signed-in', redirectTo: safeAdminRedirectPath(parsed.data.redirectTo), headers };
}

/** The sign-out form's action: session and CSRF token required; returns the cookie-clearing headers. */
export async function signOutWithForm(request: Request, context: ActionContext): Promise<Headers> {
  const admin = await requireAdmin(request, context);
  const form = await request.formData().catch(() => new FormData());
  assertCsrfToken(form, admin);
  await signOut(context.db.primary, admin, { ip: context.clientIp, requestId: context.requestId });
  forgetAdminSession(context);
  const headers = new Headers(NO_STORE);
  headers.append('Set-Cookie', await clearAdminSessionCookie(context.config));
  return headers;
}
