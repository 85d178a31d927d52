// What an admin sees when a page refuses (403), does not exist (404) or fails (500). Rendered
// inside the admin shell when the layout itself loaded, standalone otherwise.
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

export function AdminErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const requestId =
    isRouteErrorResponse(error) && typeof error.data === 'object' && error.data && 'requestId' in error.data ? String(error.data.requestId) : undefined;
  if (status === 403) {
    return (
      <section className="adm-status" data-testid="admin-forbidden">
        <p className="adm-status__code">403 · Forbidden</p>
        <h1>You don’t have permission to open this page</h1>
        <p>Your role does not include this part of the admin. If you need it, ask an owner to change your role.</p>
        <Link to="/admin" className="adm-button">
          Back to the dashboard
        </Link>
      </section>
    );
  }
  if (status === 404) {
    return (
      <section className="adm-status" data-testid="admin-not-found">
        <p className="adm-status__code">404 · Not found</p>
        <h1>There is no admin page here</h1>
        <Link to="/admin" className="adm-button">
          Back to the dashboard
        </Link>
      </section>
    );
  }
  return (
    <section className="adm-status" data-testid="admin-error">
      <p className="adm-status__code">{status} · Something went wrong</p>
      <h1>This page could not be loaded</h1>
      <p>Nothing you did caused this. Try again in a moment; if it keeps happening, the server log has the details.</p>
      {requestId ? (
        <p className="adm-status__ref">
          Request <code>{requestId}</code>
        </p>
      ) : null}
      <Link to="/admin" className="adm-button" reloadDocument>
        Back to the dashboard
      </Link>
    </section>
  );
}
