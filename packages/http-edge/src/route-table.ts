import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

/** One route as the app registered it. */
export interface RouteEntry {
  method: string;
  url: string;
  /** True for a WebSocket route (`websocket: true`, from @fastify/websocket). */
  websocket: boolean;
}

/**
 * Every route of an app, as registered (collected with an `onRoute` hook), and which methods a concrete path
 * answers to: the 405's `Allow` header, and the route list the fuzz suite walks. The matching is find-my-way's,
 * the router Fastify itself uses, so a path matches here exactly when it would match there for some method.
 */
export class RouteTable {
  private readonly router = FindMyWay({ maxParamLength: Number.MAX_SAFE_INTEGER });
  private readonly entries: RouteEntry[] = [];
  private readonly methods = new Set<string>();

  add(entry: RouteEntry): void {
    this.entries.push(entry);
    this.methods.add(entry.method);
    try {
      this.router.on(entry.method as FindMyWay.HTTPMethod, entry.url, () => {});
    } catch {
      // A duplicate (e.g. a HEAD route Fastify adds beside a GET) is already known.
    }
  }

  /** The methods some route of the app answers at `path` (no query string), sorted. */
  allowedAt(path: string): string[] {
    const allowed: string[] = [];
    for (const method of this.methods) {
      try {
        if (this.router.find(method as FindMyWay.HTTPMethod, path)) allowed.push(method);
      } catch {
        // A path find-my-way cannot decode matches nothing.
      }
    }
    return allowed.sort();
  }

  routes(): readonly RouteEntry[] {
    return this.entries;
  }
}

const tables = new WeakMap<FastifyInstance, RouteTable>();

/** Starts collecting `app`'s routes; call before any route is registered. */
export function collectRoutes(app: FastifyInstance): RouteTable {
  const table = new RouteTable();
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const websocket = (route as { websocket?: boolean }).websocket === true;
    for (const method of methods) table.add({ method, url: route.url, websocket });
  });
  return table;
}

/** The routes of an app built with `registerEdge` (or `collectRoutes`), e.g. for a fuzz suite to walk. */
export function routesOf(app: FastifyInstance): readonly RouteEntry[] {
  const table = tables.get(app);
  if (!table) throw new Error('routesOf: this app was not built with registerEdge');
  return table.routes();
}
