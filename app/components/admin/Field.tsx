// A labelled form field with its validation message right under it (linked by aria-describedby).
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

type Common = { label: string; name: string; errors?: string[]; hint?: ReactNode };

function Messages({ id, errors, hint }: { id: string; errors?: string[]; hint?: ReactNode }) {
  return (
    <>
      {hint && !errors?.length ? (
        <p className="adm-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="adm-field__error" id={`${id}-error`} data-testid={`${id}-error`} role="alert">
          {errors[0]}
        </p>
      ) : null}
    </>
  );
}

const describedBy = (id: string, errors?: string[], hint?: ReactNode) => (errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined);

export function TextField({ label, name, errors, hint, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className={`adm-field${errors?.length ? ' adm-field--invalid' : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      <input id={fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(fieldId, errors, hint)} {...input} />
      <Messages id={fieldId} errors={errors} hint={hint} />
    </div>
  );
}

export function SelectField({ label, name, errors, hint, id, children, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className={`adm-field${errors?.length ? ' adm-field--invalid' : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      <select id={fieldId} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(fieldId, errors, hint)} {...select}>
        {children}
      </select>
      <Messages id={fieldId} errors={errors} hint={hint} />
    </div>
  );
}
