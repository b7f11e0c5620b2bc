import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  populateProxies,
  type RunningMockGenesys,
  type RunningToxiproxy,
  startMockGenesys,
  startToxiproxy,
} from '@lab/lab-runner';

export interface LabFixture {
  toxiproxy: RunningToxiproxy;
  mock: RunningMockGenesys;
  /** Where clients connect: the Toxiproxy listener in front of the mock. */
  proxyPort: number;
  proxyName: string;
  logDir: string;
  /** Calls the mock's admin API directly (not through the proxy). */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/** Real toxiproxy-server and a real mock-genesys process on free loopback ports, one proxy between them. */
export async function startLab(mockEnv: Record<string, string> = {}): Promise<LabFixture> {
  const logDir = mkdtempSync(join(tmpdir(), 'lab-it-'));
  const [toxiPort, mockPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
  const toxiproxy = await startToxiproxy({ port: toxiPort, logFile: join(logDir, 'toxiproxy.log'), seed: 1 });
  let mock: RunningMockGenesys | undefined;
  try {
    mock = await startMockGenesys({
      port: mockPort,
      logFile: join(logDir, 'mock-genesys.log'),
      env: { MOCK_LOG_LEVEL: 'warn', ...mockEnv },
    });
    const proxyName = 'it-to-genesys';
    await populateProxies(toxiproxy.client, [
      { name: proxyName, listen: `127.0.0.1:${proxyPort}`, upstream: `127.0.0.1:${mockPort}` },
    ]);
    const running = mock;
    return {
      toxiproxy,
      mock: running,
      proxyPort,
      proxyName,
      logDir,
      admin: (method, path, body) =>
        fetch(`${running.url}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(5_000),
        }),
      stop: async () => {
        await running.stop();
        await toxiproxy.stop();
      },
    };
  } catch (error) {
    await mock?.stop();
    await toxiproxy.stop();
    throw error;
  }
}
