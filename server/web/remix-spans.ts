// A span per Remix loader and action (ADR 023): the compiled build's route modules are wrapped
// once at start-up, so each `loader`/`action` runs inside `loader <route id>` / `action <route id>`.
// With tracing off the build is returned untouched.
import type { ServerBuild } from '@remix-run/node';
import { tracingOn, withSpan } from '../platform/tracing';

type Fn = (args: unknown) => Promise<unknown>;

export function withRouteSpans(build: ServerBuild): ServerBuild {
  if (!tracingOn()) return build;
  const routes: ServerBuild['routes'] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const mod = route.module as unknown as Record<string, unknown>;
    const wrap = (kind: 'loader' | 'action') => {
      const fn = mod[kind] as Fn | undefined;
      return fn ? { [kind]: (args: unknown) => withSpan(`${kind} ${id}`, { 'remix.route.id': id, 'remix.handler': kind }, () => fn(args)) } : {};
    };
    // Route modules are ES module namespaces (frozen): a copy with the two functions replaced.
    routes[id] = { ...route, module: { ...mod, ...wrap('loader'), ...wrap('action') } as unknown as typeof route.module };
  }
  return { ...build, routes };
}
