/**
 * A small static server for the demo page (node:http, no dependency): GET and HEAD of files under
 * one folder, with COOP/COEP so the page is cross-origin isolated (SharedArrayBuffer available).
 * `npm run web` builds the page and serves it: `npx tsx examples/web/serve.ts [--port N] [--no-build]`.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { buildWeb, sizeReport, WEB_DIR } from "./build.js";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".md": "text/markdown; charset=utf-8",
  ".png": "image/png",
};

export interface StaticServer {
  /** Base URL, e.g. http://127.0.0.1:8015/ */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** The file a URL path names under `root`, or undefined (outside root, missing, not a file). */
function fileFor(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return undefined;
  }
  const full = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  try {
    return statSync(full).isFile() ? full : undefined;
  } catch {
    return undefined;
  }
}

/** Serve `root` on `host:port` (port 0: any free port). */
export function startServer(root: string, port = 8015, host = "127.0.0.1"): Promise<StaticServer> {
  const base = normalize(root);
  const server = createServer((req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? fileFor(base, req.url ?? "/") : undefined;
    // same-origin isolation for every response (the page, its workers and the binaries)
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Cache-Control", "no-cache");
    if (file === undefined) {
      res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`${req.method} ${req.url}: not found\n`);
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Content-Length": statSync(file).size });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${address.port}/`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf("--port");
  const port = portArg >= 0 ? Number(args[portArg + 1]) : 8015;
  if (!args.includes("--no-build")) console.log(sizeReport(await buildWeb()));
  const { url } = await startServer(join(WEB_DIR, "dist"), port);
  console.log(`serving the paraisite demo page at ${url} (Ctrl-C to stop)`);
}
