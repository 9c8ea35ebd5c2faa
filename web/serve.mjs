// A small static file server for dist/ on 127.0.0.1, with the right MIME types (application/wasm
// lets the browser compile while downloading) and the page's Content-Security-Policy also sent as
// a header. Used by scripts/serve-web.sh and by the browser tests.
//
//   node serve.mjs [--port 8080] [--root dist]   tries the next port when one is taken

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function handler(root) {
  return async (request, response) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed\n');
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'forbidden\n');
    try {
      if (!(await stat(file)).isFile()) return send(404, 'not found\n');
      send(200, await readFile(file), MIME[extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      send(404, 'not found\n');
    }
  };
}

/**
 * Serves `root` on `host`, from `port` upward to the first free one (`port` 0: any free port).
 * Resolves to `{ server, url, port }`.
 */
export async function startServer({ root = join(here, 'dist'), host = '127.0.0.1', port = 8080, attempts = 50 } = {}) {
  const absoluteRoot = resolve(root);
  for (let i = 0; i < attempts; i++) {
    const tryPort = port === 0 ? 0 : port + i;
    const server = createServer(handler(absoluteRoot));
    try {
      await new Promise((ok, fail) => {
        server.once('error', fail);
        server.listen(tryPort, host, ok);
      });
    } catch (error) {
      if (error.code === 'EADDRINUSE' && port !== 0) continue;
      throw error;
    }
    const actual = server.address().port;
    return { server, port: actual, url: `http://${host}:${actual}/` };
  }
  throw new Error(`no free port in ${port}..${port + attempts - 1}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
  const root = resolve(value('--root', join(here, 'dist')));
  const port = Number(value('--port', process.env.PORT ?? 8080));
  try {
    await stat(join(root, 'index.html'));
  } catch {
    console.error(`serve-web: ${root}/index.html is missing: build the page first (scripts/build-web.sh)`);
    process.exit(1);
  }
  const { server, url } = await startServer({ root, port });
  console.log(`dalint web page: ${url}  (serving ${root}; Ctrl+C stops)`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
