import { callGenesys, type ServiceContext } from '@lab/service-kit';

export interface OpenChannel {
  id: string;
  connectUri: string;
  /** Topics the platform permitted. */
  topics: string[];
}

/** `v2.routing.queues.{id}.conversations` for the first `count` queues of the org. */
export async function queueTopics(ctx: ServiceContext, count: number, signal: AbortSignal): Promise<string[]> {
  const { value: listing } = await callGenesys(ctx, { name: 'genesys.get_queues', family: 'routing', signal }, (s) =>
    ctx.genesys.getQueues({ pageSize: count, signal: s }),
  );
  const ids = (listing.entities ?? []).flatMap((q) => (q.id ? [q.id] : [])).slice(0, count);
  if (ids.length === 0) throw new Error('no queues found to subscribe to');
  return ids.map((id) => `v2.routing.queues.${id}.conversations`);
}

/**
 * A new notification channel subscribed to `topics` (PUT: the channel's topics are exactly these). Both calls go
 * through the "genesys" caller: during a maintenance window the platform answers 503 + Retry-After and the caller
 * waits what it says before its next attempt. Fails when the platform permits none of the topics.
 */
export async function openChannel(ctx: ServiceContext, topics: string[], signal: AbortSignal): Promise<OpenChannel> {
  const { value: channel } = await callGenesys(
    ctx,
    { name: 'genesys.create_notification_channel', family: 'notifications', signal },
    (s) => ctx.genesys.createNotificationChannel({ signal: s }),
  );
  if (!channel.id || !channel.connectUri) throw new Error('the platform answered a channel without id or connectUri');
  const channelId = channel.id;
  const { value: subscribed } = await callGenesys(
    ctx,
    { name: 'genesys.subscribe_notification_topics', family: 'notifications', signal },
    (s) => ctx.genesys.putChannelSubscriptions(channelId, topics, { signal: s }),
  );
  const entities = subscribed.entities ?? [];
  const permitted = entities.flatMap((e) => (e.id && e.state !== 'Rejected' ? [e.id] : []));
  const rejected = entities.filter((e) => e.state === 'Rejected');
  if (rejected.length > 0) {
    const detail = rejected.map((e) => ({ topic: e.id, reason: e.rejectionReason }));
    ctx.logger.warn({ rejected: detail }, 'notification topics rejected');
  }
  if (permitted.length === 0) throw new Error(`the platform permitted none of ${topics.length} topics`);
  return { id: channelId, connectUri: channel.connectUri, topics: permitted };
}
