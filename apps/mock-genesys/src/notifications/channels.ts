import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ParsedTopic } from './topics.js';

export interface Channel {
  id: string;
  clientId: string;
  createdAt: number;
  expiresAt: number;
  topics: Map<string, ParsedTopic>;
  socket: WebSocket | undefined;
}

const CHANNEL_LIFETIME_MS = 24 * 3_600_000;
/** Close code sent to a socket whose channel got a newer connection, was evicted or expired. */
export const CLOSE_REPLACED = 4001;
export const CLOSE_CHANNEL_GONE = 4004;
export const CLOSE_MAINTENANCE = 1001;

/** Notification channels per OAuth client: at most `maxPerClient`, the next one evicts the oldest. */
export class ChannelStore {
  private readonly channels = new Map<string, Channel>();
  /** Sockets told v2.system.socket_closing: they get no further frames. */
  private readonly closing = new WeakSet<WebSocket>();

  constructor(
    private readonly maxPerClient: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(clientId: string): Channel {
    const own = [...this.channels.values()].filter((c) => c.clientId === clientId);
    for (const old of own.slice(0, Math.max(0, own.length - this.maxPerClient + 1))) this.remove(old.id);
    const channel: Channel = {
      id: `streaming-0-${randomBytes(12).toString('hex')}`,
      clientId,
      createdAt: this.now(),
      expiresAt: this.now() + CHANNEL_LIFETIME_MS,
      topics: new Map(),
      socket: undefined,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The live channel, or undefined when unknown or expired. `clientId` restricts to one client's channels. */
  get(id: string, clientId?: string): Channel | undefined {
    const channel = this.channels.get(id);
    if (!channel) return undefined;
    if (channel.expiresAt <= this.now()) {
      this.remove(id);
      return undefined;
    }
    return clientId === undefined || channel.clientId === clientId ? channel : undefined;
  }

  list(clientId: string): Channel[] {
    return [...this.channels.values()].filter((c) => c.clientId === clientId && c.expiresAt > this.now());
  }

  /** Attaches a socket; an earlier socket on the channel is dropped. */
  attach(channel: Channel, socket: WebSocket): void {
    channel.socket?.close(CLOSE_REPLACED, 'Another connection was opened on this channel');
    channel.socket = socket;
  }

  detach(channel: Channel, socket: WebSocket): void {
    if (channel.socket === socket) channel.socket = undefined;
  }

  /** Live (unexpired) channels of every client: what a leak check compares with its baseline. */
  count(): number {
    let live = 0;
    for (const channel of this.channels.values()) if (channel.expiresAt > this.now()) live++;
    return live;
  }

  sockets(): WebSocket[] {
    return [...this.channels.values()].flatMap((c) => (c.socket ? [c.socket] : []));
  }

  /** Sends `frame` (socket_closing) to every socket, then nothing more, and closes them after `graceMs`. */
  announceClosing(frame: unknown, graceMs = 200): number {
    const sockets = this.sockets();
    for (const socket of sockets) {
      socket.send(JSON.stringify(frame));
      this.closing.add(socket);
    }
    setTimeout(() => {
      for (const socket of sockets) socket.close(CLOSE_MAINTENANCE, 'Server maintenance');
    }, graceMs).unref();
    return sockets.length;
  }

  isClosing(socket: WebSocket): boolean {
    return this.closing.has(socket);
  }

  remove(id: string): void {
    const channel = this.channels.get(id);
    channel?.socket?.close(CLOSE_CHANNEL_GONE, 'Channel removed');
    this.channels.delete(id);
  }
}
