import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
/** Text-like files worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map', '.ico', '.ttf']);
/** Vite names built assets `assets/<name>-<hash>.<ext>`: their content never changes under that name. */
const HASHED = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const YEAR = 'public, max-age=31536000, immutable';

interface Cached {
  type: string;
  raw: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
}

/**
 * Serves the built console: brotli or gzip as the browser accepts (compressed once, then kept in
 * memory — the files do not change while the process runs), hashed assets cached for a year,
 * `index.html` revalidated on every load, and any other GET path answered with `index.html`
 * (the console's own router decides).
 */
export function consoleStatic(dir: string): (req: Request, res: Response, next: NextFunction) => void {
  const root = normalize(dir + sep);
  const cache = new Map<string, Cached>();

  const load = (file: string): Cached | null => {
    const hit = cache.get(file);
    if (hit) return hit;
    if (!existsSync(file) || !statSync(file).isFile()) return null;
    const raw = readFileSync(file);
    const ext = extname(file).toLowerCase();
    const entry: Cached = {
      type: TYPES[ext] ?? 'application/octet-stream',
      raw,
      etag: `"${raw.length.toString(16)}-${statSync(file).mtimeMs.toString(16)}"`,
    };
    if (COMPRESSIBLE.has(ext) && raw.length > 512) {
      entry.br = brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
      entry.gzip = gzipSync(raw, { level: 9 });
    }
    cache.set(file, entry);
    return entry;
  };

  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path === '/api' || req.path.startsWith('/api/')) return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      path = '/';
    }
    const candidate = normalize(join(root, path));
    const inside = candidate.startsWith(root) && candidate !== root;
    const asset = inside ? load(candidate) : null;
    const file = asset ?? load(join(root, 'index.html'));
    if (!file) return next();
    if (asset && HASHED.test(path)) res.setHeader('Cache-Control', YEAR);
    else res.setHeader('Cache-Control', asset && !path.endsWith('.html') ? 'public, max-age=3600' : 'no-cache');
    res.setHeader('Content-Type', file.type);
    res.setHeader('ETag', file.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === file.etag) return void res.status(304).end();
    const accepts = String(req.headers['accept-encoding'] ?? '');
    let body = file.raw;
    if (file.br && /\bbr\b/.test(accepts)) {
      body = file.br;
      res.setHeader('Content-Encoding', 'br');
    } else if (file.gzip && /\bgzip\b/.test(accepts)) {
      body = file.gzip;
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.setHeader('Content-Length', String(body.length));
    res.status(200);
    if (req.method === 'HEAD') return void res.end();
    res.end(body);
  };
}
