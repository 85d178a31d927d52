// Issue 11 §2.2: every redirect target goes through one function; a table of the usual tricks.
import { describe, expect, it } from 'vitest';
import { safeAdminRedirectPath } from './admin/session';
import { safeRedirectPath } from './redirects';

describe('safeRedirectPath', () => {
  it.each([
    ['/collections/fashion?page=2', '/collections/fashion?page=2'],
    ['/products/a?variant=B#details', '/products/a?variant=B#details'],
    ['/a/../b', '/b'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'], // encoded slashes stay one path segment
  ])('keeps the same-site path %s → %s', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    ['/x/..//evil.example/again'], // resolves to //evil.example/again (the reported hole)
    ['/x/../..//evil.example'],
    ['/./..//evil.example'],
    ['//evil.example'],
    ['///evil.example'],
    ['/\\evil.example'],
    ['/x/\\evil.example'],
    ['https://evil.example/'],
    ['http:/evil.example'],
    ['javascript:alert(1)'],
    ['data:text/html,hi'],
    ['evil.example'],
    ['/\t/evil.example'],
    ['/\nSet-Cookie: x=1'],
    ['/%0d%0aSet-Cookie: x=1'.replace('%0d%0a', '\r\n')],
    [''],
    [null],
    [42],
    ['/' + 'a'.repeat(3000)],
  ])('refuses %j', (input) => {
    expect(safeRedirectPath(input)).toBe('/');
    expect(safeAdminRedirectPath(input)).toBe('/admin');
  });

  it("the admin's sign-in and sign-out pages are not places to return to", () => {
    expect(safeAdminRedirectPath('/admin/login')).toBe('/admin');
    expect(safeAdminRedirectPath('/admin/x/../logout')).toBe('/admin');
    expect(safeAdminRedirectPath('/admin/orders?status=authorized')).toBe('/admin/orders?status=authorized');
  });
});
