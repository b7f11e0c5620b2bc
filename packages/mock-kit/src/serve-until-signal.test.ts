import { EventEmitter } from 'node:events';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { serveUntilSignal } from './serve-until-signal.js';

function fakeProcess() {
  const events = new EventEmitter();
  const exited = vi.fn();
  return {
    proc: { on: (signal: string, listener: () => void) => events.on(signal, listener), exit: exited },
    emit: (signal: string) => events.emit(signal),
    exited,
  };
}

describe('serveUntilSignal', () => {
  it('listens, then closes and exits 0 on the first SIGTERM, ignoring later signals', async () => {
    const app = Fastify({ logger: false });
    app.get('/healthz', async () => ({ status: 'ok' }));
    const onClose = vi.fn();
    app.addHook('onClose', async () => onClose());
    const { proc, emit, exited } = fakeProcess();

    const address = await serveUntilSignal(app, { host: '127.0.0.1', port: 0 }, proc);
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${address}/healthz`)).status).toBe(200);

    emit('SIGTERM');
    emit('SIGINT');
    await vi.waitFor(() => expect(exited).toHaveBeenCalled());
    expect(exited).toHaveBeenCalledExactlyOnceWith(0);
    expect(onClose).toHaveBeenCalledTimes(1);
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
  });

  it('exits 1 when closing fails, on SIGINT too', async () => {
    const app = Fastify({ logger: false });
    app.addHook('onClose', async () => {
      throw new Error('cannot close');
    });
    const { proc, emit, exited } = fakeProcess();
    await serveUntilSignal(app, { host: '127.0.0.1', port: 0 }, proc);
    emit('SIGINT');
    await vi.waitFor(() => expect(exited).toHaveBeenCalled());
    expect(exited).toHaveBeenCalledExactlyOnceWith(1);
  });
});
