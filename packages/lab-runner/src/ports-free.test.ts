import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { assertPortsFree, PortInUseError } from './ports-free.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function hold(port: number): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

describe('assertPortsFree', () => {
  it('passes when every port can be listened on, and leaves none taken', async () => {
    const ports = [
      { port: await freePort(), what: 'a' },
      { port: await freePort(), what: 'b' },
    ];
    await assertPortsFree(ports, '127.0.0.1');
    await assertPortsFree(ports, '127.0.0.1');
  });

  it('names every taken port, what needed it, and this process as the holder', async () => {
    const free = await freePort();
    const [first, second] = [await freePort(), await freePort()];
    await hold(first!);
    await hold(second!);
    const error = await assertPortsFree(
      [
        { port: first!, what: 'Redis' },
        { port: free, what: 'Prometheus' },
        { port: second!, what: "Toxiproxy's proxy lab-to-genesys" },
      ],
      '127.0.0.1',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    const message = (error as PortInUseError).message;
    expect(message).toMatch(
      new RegExp(`^port ${first} \\(Redis\\) is already in use by pid ${process.pid} \\(.+\\); `),
    );
    expect(message).toContain(
      `port ${second} (Toxiproxy's proxy lab-to-genesys) is already in use by pid ${process.pid}`,
    );
    expect(message).not.toContain('Prometheus');
    expect(message).not.toContain('\n');
  });
});
