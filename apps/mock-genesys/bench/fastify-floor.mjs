// The benchmark's second floor (user-system-cpu.ts): a Fastify with nothing of the mock's (no hooks, plugins,
// token, rate limits, metrics or request log) answering the mock's captured answers from memory, with a text body
// parser as the mock's details route has. Fastify's own cost on top of bare node:http (static-floor.mjs), so that
// what the mock costs beyond it is the mock's own work.
//   node fastify-floor.mjs <port> <answers.json>   (answers: [{method, url, status, headers, body}])
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, file] = process.argv.slice(2);
const app = Fastify({ logger: false });
app.removeContentTypeParser('application/json');
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
app.get('/healthz', (_request, reply) => reply.send('ok'));
for (const { method, url, status, headers, body } of JSON.parse(readFileSync(file, 'utf8'))) {
  const bytes = Buffer.from(body);
  const [path, query] = url.split('?');
  app.route({
    method,
    url: path,
    handler: (request, reply) => {
      if (query !== undefined && request.url !== url) return reply.code(404).send();
      return reply.code(status).headers(headers).send(bytes);
    },
  });
}
await app.listen({ port: Number(port), host: '127.0.0.1' });
