// Form parsing with zod: a failure becomes field errors the form renders next to its fields.
import type { z } from 'zod';

export type FieldErrors = Record<string, string[] | undefined>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

export function parseForm<S extends z.ZodType>(schema: S, form: FormData | URLSearchParams): Parsed<z.infer<S>> {
  const raw: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') raw[k] = v;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}

export function newFormKey(): string {
  return globalThis.crypto.randomUUID();
}
