// The benchmark's floor (compare-wiremock.ts --floor): a bare node:http server that answers the mock's captured
// answers, byte for byte, from memory, keyed by method and URL: no router, no platform work (no token, rate limits,
// metrics or request log), no compression. What any Node server on this machine pays to answer these bytes, so the
// distance from it to the mock is what the mock's own work costs.
//   node static-floor.mjs <port> <answers.json>   (answers: [{method, url, status, headers, body}])
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2);
const answers = new Map();
for (const { method, url, status, headers, body } of JSON.parse(readFileSync(file, 'utf8'))) {
  const bytes = Buffer.from(body);
  answers.set(`${method} ${url}`, { status, headers: { ...headers, 'content-length': bytes.length }, bytes });
}
createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    if (request.url === '/healthz') {
      response.writeHead(200).end('ok');
      return;
    }
    const answer = answers.get(`${request.method} ${request.url}`);
    if (!answer) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(answer.status, answer.headers);
    response.end(answer.bytes);
  });
}).listen(Number(port), '127.0.0.1');
