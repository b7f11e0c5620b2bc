import { setTimeout as sleep } from 'node:timers/promises';
import { retryAfterMsOf } from '@lab/resilience';
import type { ServiceContext } from '@lab/service-kit';
import { WebSocket } from 'ws';
import { type BackoffRange, reconnectDelay } from '../backoff.js';
import type { WebhookMetrics } from '../metrics.js';
import { classifyFrame } from '../work-item.js';
import { type OpenChannel, openChannel, queueTopics } from './channel.js';
import type { EnqueueBuffer } from './enqueue-buffer.js';

export interface SubscriberOptions {
  ctx: ServiceContext;
  metrics: WebhookMetrics;
  buffer: EnqueueBuffer;
  /** Explicit topics; else the conversations topics of the first `queueTopicCount` queues. */
  topics: string[] | undefined;
  queueTopicCount: number;
  pingIntervalMs: number;
  idleTimeoutMs: number;
  reconnect: BackoffRange;
  random?: () => number;
}

export type SocketState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped';
/** Why the subscriber reconnected: the platform's socket_closing, a drop, a silent socket, a failed (re)connect. */
type Reason = 'socket_closing' | 'drop' | 'replaced' | 'stale' | 'connect_failed' | 'stopped';

const PING = JSON.stringify({ message: 'ping' });

/**
 * The notification subscriber: resolves its topics, creates a channel and subscribes (the "genesys" caller), opens
 * connectUri with `ws`, pings every pingIntervalMs, and turns each event frame into a work item for the durable
 * queue. v2.system.socket_closing: a new channel at once (the platform is about to close this one). A drop, a
 * socket silent for idleTimeoutMs, or a failed (re)connect: jittered exponential backoff, bounded, never shorter
 * than a Retry-After the platform sent. stop() closes the socket and ends the loop.
 */
export class NotificationSubscriber {
  private state: SocketState = 'idle';
  private readonly stopController = new AbortController();
  private loop: Promise<void> | undefined;
  private topics: string[] | undefined;
  private channel: OpenChannel | undefined;
  private lastFrameAt: number | undefined;
  private events = 0;
  private reconnects = 0;

  constructor(private readonly options: SubscriberOptions) {
    this.topics = options.topics?.length ? options.topics : undefined;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    await this.loop;
    this.state = 'stopped';
  }

  health() {
    return {
      state: this.state,
      channelId: this.channel?.id,
      topics: this.channel?.topics.length ?? 0,
      events: this.events,
      reconnects: this.reconnects,
      lastFrameAt: this.lastFrameAt ? new Date(this.lastFrameAt).toISOString() : undefined,
      buffered: this.options.buffer.size,
    };
  }

  private async run(): Promise<void> {
    const { ctx, metrics } = this.options;
    const signal = this.stopController.signal;
    let attempt = 0;
    while (!signal.aborted) {
      let reason: Reason;
      let retryAfterMs = 0;
      try {
        this.state = 'connecting';
        this.topics ??= await queueTopics(ctx, this.options.queueTopicCount, signal);
        this.channel = await openChannel(ctx, this.topics, signal);
        const outcome = await this.listen(this.channel, signal);
        reason = outcome.reason;
        attempt = outcome.opened ? 0 : attempt + 1;
      } catch (error) {
        if (signal.aborted) break;
        reason = 'connect_failed';
        retryAfterMs = retryAfterMsOf(error) ?? 0;
        attempt += 1;
        ctx.logger.warn({ err: (error as Error).message, attempt }, 'notification channel: connect failed');
      }
      if (signal.aborted || reason === 'stopped') break;
      this.reconnects += 1;
      metrics.reconnects.inc({ reason });
      const delay =
        reason === 'socket_closing' && attempt === 0
          ? 0
          : reconnectDelay(Math.max(0, attempt - 1), this.options.reconnect, {
              retryAfterMs,
              ...(this.options.random ? { random: this.options.random } : {}),
            });
      ctx.logger.info({ reason, delayMs: delay }, 'notification channel: reconnecting');
      this.state = 'waiting';
      await sleep(delay, undefined, { signal }).catch(() => {});
    }
    this.state = 'stopped';
  }

  /** One socket's life: resolves when it closes, with why and whether it ever opened. */
  private listen(channel: OpenChannel, signal: AbortSignal): Promise<{ reason: Reason; opened: boolean }> {
    const { ctx, pingIntervalMs, idleTimeoutMs } = this.options;
    return new Promise((resolve) => {
      const socket = new WebSocket(channel.connectUri, { handshakeTimeout: 10_000 });
      let opened = false;
      let reason: Reason | undefined;
      const end = (why: Reason, graceful: boolean) => {
        reason ??= why;
        if (graceful && socket.readyState === WebSocket.OPEN) {
          socket.close(1000, 'client closing');
          setTimeout(() => socket.terminate(), 1_000).unref();
        } else socket.terminate();
      };
      const onAbort = () => end('stopped', true);
      signal.addEventListener('abort', onAbort, { once: true });
      const ticker = setInterval(() => {
        if (!opened) return;
        if (Date.now() - (this.lastFrameAt ?? 0) > idleTimeoutMs) return end('stale', false);
        if (socket.readyState === WebSocket.OPEN) socket.send(PING);
      }, pingIntervalMs);

      socket.on('open', () => {
        opened = true;
        this.lastFrameAt = Date.now();
        this.state = 'connected';
        ctx.logger.info({ channelId: channel.id, topics: channel.topics.length }, 'notification channel: connected');
      });
      socket.on('message', (data) => {
        this.lastFrameAt = Date.now();
        const frame = classifyFrame(data.toString());
        if (frame.kind === 'socket-closing') return end('socket_closing', false);
        if (frame.kind === 'event') {
          this.events += 1;
          this.options.buffer.submit(frame.item).catch((error: unknown) => {
            ctx.logger.error({ err: error, eventId: frame.item.eventId }, 'notification event not enqueued');
          });
        }
      });
      socket.on('error', (error) => ctx.logger.warn({ err: error.message }, 'notification socket error'));
      socket.on('close', (code) => {
        clearInterval(ticker);
        signal.removeEventListener('abort', onAbort);
        resolve({ reason: reason ?? (code === 4001 ? 'replaced' : 'drop'), opened });
      });
    });
  }
}
