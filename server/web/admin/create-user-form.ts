// The owner's "create an admin" form: session, CSRF token and owner role first (403 before anything
// is parsed or written), then zod validation (400 with field errors), then the user and its audit
// row in one transaction.
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { adminActor, ADMIN_ROLES, rolesFor, type AdminUserSummary, createAdminUser, DuplicateAdminEmailError, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../modules/admin';
import { requireAdminAction } from './session';

export const createUserFormSchema = z.object({
  intent: z.literal('create-user', { error: 'Unexpected form.' }),
  email: z
    .string({ error: 'Enter an email address.' })
    .trim()
    .min(1, 'Enter an email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email({ error: 'Enter a valid email address.' })),
  name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120, 'Keep the name under 120 characters.'),
  role: z.enum(ADMIN_ROLES, { error: 'Choose a role.' }),
  password: z
    .string({ error: 'Enter a password.' })
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, 'That password is too long.'),
});

type Field = 'intent' | 'email' | 'name' | 'role' | 'password';
export type CreateUserFieldErrors = Partial<Record<Field, string[]>>;

export type CreateUserFormResult =
  | { ok: true; status: 201; user: Pick<AdminUserSummary, 'id' | 'email' | 'name' | 'role'> }
  | { ok: false; status: 400; fieldErrors: CreateUserFieldErrors; values: { email: string; name: string; role: string } };

type ActionContext = Pick<AppContext, 'db' | 'config' | 'requestId' | 'clientIp'>;

export async function createAdminUserWithForm(request: Request, context: ActionContext): Promise<CreateUserFormResult> {
  const { admin, form } = await requireAdminAction(request, context, { roles: rolesFor('users.manage') });
  const text = (k: string) => (typeof form.get(k) === 'string' ? String(form.get(k)).slice(0, 300) : '');
  const values = { email: text('email'), name: text('name'), role: text('role') };
  const parsed = createUserFormSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, status: 400, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    const user = await createAdminUser(context.db.primary, parsed.data, adminActor(admin, context));
    return { ok: true, status: 201, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  } catch (err) {
    if (err instanceof DuplicateAdminEmailError) {
      return { ok: false, status: 400, fieldErrors: { email: ['An admin with this email already exists.'] }, values };
    }
    throw err;
  }
}
