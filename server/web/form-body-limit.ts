// Form posts (storefront and admin pages, read by Remix's `request.formData()`) with their size
// limit enforced while streaming (issue 11 §2.4): a declared Content-Length past the limit is
// refused before anything is read; an undeclared (chunked) body is read here up to the limit —
// past it the request is answered 413 and the rest is never read — and Remix then reads the
// buffered copy. The REST API and the webhooks read their own bodies with their own limits
// (server/web/body.ts); they are skipped here.
import { Readable } from 'node:stream';
import type { Request as ExpressRequest, RequestHandler } from 'express';

/** Forms are small: the largest (an admin product edit) is a few kB. */
export const MAX_FORM_BODY_BYTES = 256 * 1024;

const TOO_LARGE_PAGE =
  '<!doctype html><html lang="en"><title>Form too large — DotShop</title><main><h1>That form was too large</h1><p>The form you sent was larger than any DotShop form can be. Go back and try again.</p></main></html>';

function tooLarge(res: Parameters<RequestHandler>[1]): void {
  res.status(413).set({ 'Cache-Control': 'no-store', Connection: 'close' }).type('html').send(TOO_LARGE_PAGE);
}

export function limitFormBodies(opts: { limitBytes?: number; skip: (path: string) => boolean }): RequestHandler {
  const limit = opts.limitBytes ?? MAX_FORM_BODY_BYTES;
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || opts.skip(req.path)) return next();
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) {
      tooLarge(res);
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        cleanup();
        tooLarge(res);
        res.once('finish', () => req.destroy());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (done) return;
      done = true;
      cleanup();
      res.locals.formBody = Buffer.concat(chunks);
      next();
    };
    const onError = (err: Error) => {
      if (done) return;
      done = true;
      cleanup();
      next(err);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  };
}

const STREAM_MEMBERS = new Set(['on', 'once', 'off', 'addListener', 'removeListener', 'pause', 'resume', 'destroy', 'pipe', 'read', 'readableHighWaterMark', 'readable', 'readableEnded', 'isPaused', 'setEncoding', 'unpipe', Symbol.asyncIterator]);

/**
 * The request Remix's adapter should read: when limitFormBodies buffered the body, a view of `req`
 * whose stream is that buffer (headers, URL and everything else are the request's own).
 */
export function withBufferedBody(req: ExpressRequest, body: Buffer | undefined): ExpressRequest {
  if (!body) return req;
  const stream = Readable.from([body]);
  return new Proxy(req, {
    get(target, prop, receiver) {
      if (STREAM_MEMBERS.has(prop)) {
        const v = Reflect.get(stream, prop, stream);
        return typeof v === 'function' ? v.bind(stream) : v;
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
