/** What the API's OpenAPI document (`GET /api/docs-json`) says each route takes: the attack and fuzz tests read their keys here. */
interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** The document's path for an Express route (`/api/orgs/:id` → `/api/orgs/{id}`). */
export function docPath(expressPath: string): string {
  return expressPath.replace(/:([a-zA-Z]+)/g, '{$1}');
}

function resolve(doc: OpenApiDoc, s: Schema | undefined): Schema | undefined {
  if (!s) return undefined;
  if (s.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')]);
  if (s.allOf) return { properties: Object.assign({}, ...s.allOf.map((x) => resolve(doc, x)?.properties ?? {})) };
  return s;
}

/** The query parameters and top-level body properties the document gives a route (undefined when it does not list the route). */
export function routeKeys(doc: OpenApiDoc, method: string, expressPath: string): { query: string[]; body: string[] } | undefined {
  const op = doc.paths[docPath(expressPath)]?.[method];
  if (!op) return undefined;
  const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const body = Object.keys(resolve(doc, op.requestBody?.content?.['application/json']?.schema)?.properties ?? {});
  return { query, body };
}

/** A key that names an object or a region: what the attack matrix fills with a foreign one. */
export const isScopeKey = (k: string): boolean => /(Id|Ids|id)$/.test(k) || k === 'region';
