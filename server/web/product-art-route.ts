// GET /media/art/:file: the generated product images. The file name is the whole spec, so the
// response for a URL never changes and is cached for a year; anything that is not a spec is a 404.
import type { RequestHandler } from 'express';
import { parseArtPath, renderProductArt } from '../../db/seed/product-art';

export const productArtHandler: RequestHandler = (req, res) => {
  const spec = parseArtPath(String(req.params.file ?? ''));
  if (!spec) {
    res.status(404).set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=300' }).send('Not found');
    return;
  }
  res
    .status(200)
    .set({
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=31536000, immutable',
      // An SVG opened directly is a document: allow nothing but its own inline styles.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
    })
    .send(renderProductArt(spec));
};
