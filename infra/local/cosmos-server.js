#!/usr/bin/env node
'use strict';
// In-memory Cosmos DB (NoSQL API) stand-in for local runs and integration tests.
//
//   node infra/local/cosmos-server.js --port 8081
//
// It serves @vercel/cosmosdb-server (pinned 1.0.1 in package.json) over HTTPS with the
// package's bundled self-signed certificate on 127.0.0.1, and closes the gaps that
// break the .NET SDK (Microsoft.Azure.Cosmos 3.x, Gateway mode):
//   a. On Linux the SDK cannot compute query plans locally (no native ServiceInterop),
//      so it POSTs the query to .../docs with `x-ms-cosmos-is-query-plan-request: True`
//      and expects a PartitionedQueryExecutionInfo back. The server would run the query
//      instead. We answer with a pass-through plan (see queryPlan below).
//   b. The server ignores `x-ms-documentdb-partitionkey` on queries, so a query with
//      QueryRequestOptions.PartitionKey would see every partition. We run the query over
//      that partition's documents only, so WHERE, ORDER BY, TOP, COUNT and paging are all
//      evaluated inside the partition, as in real Cosmos DB.
//   c. Reading a missing document throws inside the server (500). The SDK must see 404
//      (CosmosException.StatusCode == NotFound), so we answer 404 before it gets there.
// Also: the server's SQL has no OFFSET/LIMIT; a trailing OFFSET..LIMIT is emulated.
//   d. Resource ids (_rid) are base64, which may contain '/', and the SDK puts them in URL
//      paths (.../colls/{rid}/pkranges): a '/' splits the path and the lookup answers 404
//      ("stale cache"), for whichever database's counter happens to encode to one. Real
//      Cosmos DB writes '-' for '/'; we do the same, and read every '-' back.
//   e. A read with If-None-Match naming the document's current _etag must answer 304 with
//      no body, as the service does (the app's conditional reads of applications rely on it);
//      the package ignores the header and sends the whole document.
//
// The hooks use the package's internal modules (lib/routes, lib/account/documents).
// That is safe only because the version is pinned exactly; re-check on upgrade.

const { AsyncLocalStorage } = require('node:async_hooks');
const { createHttpsServer } = require('@vercel/cosmosdb-server');
const routes = require('@vercel/cosmosdb-server/lib/routes');
const Documents = require('@vercel/cosmosdb-server/lib/account/documents').default;
const ResourceId = require('@vercel/cosmosdb-server/lib/account/resource-id').default;
const { parsePartitionKey } = require('@vercel/cosmosdb-server/lib/utils/get-partition-from-header');

// (d) URL-safe resource ids, as the real service writes them.
ResourceId.toBase64String = (buffer) => buffer.toString('base64').replace(/\//g, '-');
ResourceId.fromBase64String = (text) => Buffer.from(text.replace(/-/g, '/'), 'base64');

const PK_HEADER = 'x-ms-documentdb-partitionkey';
const isTrue = (v) => String(v || '').toLowerCase() === 'true';

// (a) With one physical partition key range (all this server has), the server itself
// evaluates ORDER BY / TOP / OFFSET-LIMIT / DISTINCT / aggregates correctly, so the
// plan must tell the SDK to do nothing on the client: no orderBy, no aggregates, no top,
// an empty rewrittenQuery (= send the original query) and the single full range. The
// SDK then takes its pass-through pipeline and just follows continuation tokens.
// (Filling orderBy/aggregates like the real gateway would make the SDK send rewritten
// queries — orderByItems/payload projections, {documentdb-formattable...} filters —
// that this server cannot evaluate.)
const queryPlan = {
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: 'None', top: null, offset: null, limit: null,
    orderBy: [], orderByExpressions: [], groupByExpressions: [], groupByAliases: [],
    aggregates: [], groupByAliasToAggregateType: {}, rewrittenQuery: '',
    hasSelectValue: false, dCountInfo: null, hasNonStreamingOrderBy: false,
  },
  queryRanges: [{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }],
};

// (b) The partition key of the query being executed, carried from the request into
// Documents#query across the handler's awaits (it reads the body first).
const queryPartition = new AsyncLocalStorage();

const valueAt = (doc, path) =>
  path.slice(1).split('/').reduce((o, k) => (o == null ? undefined : o[k]), doc);

// Header value is a JSON array with one component per partition key path; `{}` is
// PartitionKey.None (the property is absent).
const inPartition = (doc, paths, key) =>
  paths.every((path, i) => {
    const want = key[i];
    const have = valueAt(doc, path);
    return want !== null && typeof want === 'object' ? have === undefined : have === want;
  });

const originalQuery = Documents.prototype.query;

// The server's SQL grammar has TOP but no OFFSET/LIMIT. Emulate a trailing
// `OFFSET n LIMIT m` (literals or @parameters): run the query without it, slice, and
// page the slice ourselves with our own continuation token.
const OFFSET_LIMIT = /\s+OFFSET\s+(\d+|@\w+)\s+LIMIT\s+(\d+|@\w+)\s*$/i;
function runQuery(docs, params, options) {
  const m = OFFSET_LIMIT.exec(params.query || '');
  const arg = (t) => (t[0] === '@' ? ((params.parameters || []).find((p) => p.name === t) || {}).value : Number(t));
  const [offset, limit] = m ? [arg(m[1]), arg(m[2])] : [];
  if (!Number.isInteger(offset) || !Number.isInteger(limit)) return originalQuery.call(docs, params, options);
  const all = originalQuery.call(docs, { ...params, query: params.query.slice(0, m.index) }, {});
  if (!all) return all;
  const rows = all.result.slice(offset, offset + limit);
  const skip = (options.continuation && options.continuation.offsetLimitSkip) || 0;
  const size = options.maxItemCount > 0 ? options.maxItemCount : rows.length;
  const more = skip + size < rows.length;
  return { result: rows.slice(skip, skip + size), continuation: more ? { offsetLimitSkip: skip + size } : null };
}

Documents.prototype.query = function scopedQuery(params, options = {}) {
  const key = queryPartition.getStore();
  if (!key) return runQuery(this, params, options);
  // The query runs synchronously, so swapping the document map in and out is safe.
  const all = this._data;
  this._data = new Map([...all].filter(([, item]) => inPartition(item.read(), this._partitionKeyPath, key)));
  try {
    return runQuery(this, params, options);
  } finally {
    this._data = all;
  }
};

function parseKeyHeader(req) {
  try {
    const key = JSON.parse(req.headers[PK_HEADER]);
    return Array.isArray(key) && key.length ? key : null;
  } catch {
    return null;
  }
}

// Intercept every routed request before it reaches the package's handler. The package
// looks routes.default up per request, and hands handlers the in-memory account.
const route = routes.default;
routes.default = (req) => {
  const found = route(req);
  if (!found) return found;
  const [params, handler] = found;
  const isDocs = /\/docs$/.test(req.url.split('?')[0].replace(/\/+$/, ''));

  if (req.method === 'POST' && isDocs && isTrue(req.headers['x-ms-cosmos-is-query-plan-request'])) {
    return [params, async (account, rq) => { rq.resume(); return queryPlan; }]; // (a)
  }

  const isQuery = isTrue(req.headers['x-ms-documentdb-isquery'])
    || String(req.headers['content-type']).startsWith('application/query+json');
  if (req.method === 'POST' && isDocs && isQuery) {
    const key = parseKeyHeader(req);
    if (!key) return found;
    // (b) We scope the query ourselves, so the server's "query must filter on the
    // partition key" check (skipped for cross-partition queries) no longer applies.
    req.headers['x-ms-documentdb-query-enablecrosspartition'] = 'True';
    return [params, (...args) => queryPartition.run(key, () => handler(...args))];
  }

  if (req.method === 'GET' && params.docId !== undefined) {
    return [params, (account, rq, res, p) => { // (c), (e)
      const collection = account.database(p.dbId).collection(p.collId);
      let doc;
      try {
        doc = collection.read() && collection.document(p.docId, parsePartitionKey(rq.headers[PK_HEADER], p.docId)).read();
      } catch {
        doc = undefined; // unparsable/missing partition key header: cannot match a document
      }
      if (collection.read() && !doc) {
        res.statusCode = 404;
        return { code: 'NotFound', message: 'Entity with the specified id does not exist in the system.' };
      }
      if (doc && rq.headers['if-none-match'] === doc._etag) { // (e)
        res.statusCode = 304;
        res.setHeader('etag', doc._etag);
        return undefined;
      }
      return handler(account, rq, res, p);
    }];
  }
  return found;
};

function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--port');
  const port = i >= 0 ? Number(args[i + 1]) : 8081;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node cosmos-server.js --port N');
    process.exit(2);
  }
  // Keep connections open between requests, as Cosmos DB's gateway does: the package answers
  // `connection: close` by default, which costs the client a TLS handshake per request.
  const server = createHttpsServer({ keepAlive: true });
  if (process.env.COSMOS_SERVER_TRACE) {
    // Debug aid: one log line per request (method, path, status, query/partition headers).
    server.prependListener('request', (req, res) => res.on('finish', () => console.log(
      req.method, req.url, res.statusCode, req.headers[PK_HEADER] || '',
      req.headers['x-ms-cosmos-is-query-plan-request'] ? 'query-plan' : '')));
  }
  server.on('error', (err) => {
    console.error(`cosmos-server: ${err.message}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`cosmos-server listening on https://127.0.0.1:${server.address().port}/`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref(); // don't wait for idle keep-alive sockets
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();
