// node --import ./server/bin/otel-hooks.mjs …: the ESM loader hook OpenTelemetry needs to patch
// packages that are imported (not required) — Express here. Installed only when tracing is on
// (DOTSHOP_TRACING is not `off`): the hook wraps every module it loads, and tracing off must cost
// nothing. The SDK itself starts in server/platform/tracing-start.ts (ADR 023).
import { register } from 'node:module';

if ((process.env.DOTSHOP_TRACING ?? 'on') !== 'off') {
  // Only Express is intercepted: wrapping every module broke @shopify/shopify-api's adapter import
  // (its runtime setters lost their target: "Missing adapter implementation for
  // 'abstractRuntimeString'"), and Node's http and fetch are patched without the hook anyway.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['express'] } });
}
