import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());
const CHANNELS = '/api/v2/notifications/channels';

describe('notification channels and subscriptions', () => {
  it('creates a channel whose connectUri is on the host the client called', async () => {
    h = await harness();
    const res = await h.call('POST', CHANNELS, undefined, { host: '127.0.0.1:18180' });
    expect(res.statusCode).toBe(200);
    const channel = res.json();
    expect(channel.connectUri).toBe(`ws://127.0.0.1:18180/channels/${channel.id}`);
    expect(Date.parse(channel.expires) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await h.call('HEAD', `${CHANNELS}/${channel.id}`)).statusCode).toBe(200);
    expect((await h.call('HEAD', `${CHANNELS}/streaming-0-unknown`)).statusCode).toBe(404);
  });

  it('keeps at most 20 channels per client: the 21st evicts the oldest', async () => {
    h = await harness();
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push((await h.call('POST', CHANNELS)).json().id);
    expect((await h.call('HEAD', `${CHANNELS}/${ids[0]}`)).statusCode).toBe(404);
    expect((await h.call('HEAD', `${CHANNELS}/${ids[1]}`)).statusCode).toBe(200);
    expect((await h.call('GET', CHANNELS)).json().entities).toHaveLength(20);
    // The live count the review's leak check reads: on /metrics and in /__admin/state.
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^mock_genesys_notification_channels 20$/m);
    const state = (await h.app.inject({ method: 'GET', url: '/__admin/state' })).json();
    expect(state.notifications).toMatchObject({ channels: 20, openSockets: 0 });
  });

  it('permits known topics, rejects unknown ones with a reason, and replaces on PUT', async () => {
    h = await harness();
    const id = (await h.call('POST', CHANNELS)).json().id;
    const queue = h.ctx.data.queues[0]!.id;
    const user = h.ctx.data.users[0]!.id;
    const added = await h.call('POST', `${CHANNELS}/${id}/subscriptions`, [
      { id: `v2.routing.queues.${queue}.conversations` },
      { id: 'v2.weather.today' },
    ]);
    expect(added.json().entities).toEqual([
      { id: `v2.routing.queues.${queue}.conversations`, state: 'Permitted' },
      { id: 'v2.weather.today', state: 'Rejected', rejectionReason: 'Unknown topic or not permitted' },
    ]);
    await h.call('PUT', `${CHANNELS}/${id}/subscriptions`, [{ id: `v2.users.${user}.conversations` }]);
    const listed = await h.call('GET', `${CHANNELS}/${id}/subscriptions`);
    expect(listed.json().entities).toEqual([{ id: `v2.users.${user}.conversations`, state: 'Permitted' }]);
  });

  it('refuses more than 1000 topics on a channel', async () => {
    h = await harness();
    const id = (await h.call('POST', CHANNELS)).json().id;
    const topics = Array.from({ length: 1_001 }, (_, i) => ({ id: `v2.users.${i}.conversations` }));
    const res = await h.call('PUT', `${CHANNELS}/${id}/subscriptions`, topics);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/at most 1000 topics/);
  });

  it("does not show one client's channel to another", async () => {
    h = await harness({
      MOCK_CLIENTS: JSON.stringify([
        { clientId: 'lab-client', clientSecret: 'lab-secret' },
        { clientId: 'b', clientSecret: 'b-secret' },
      ]),
    });
    const id = (await h.call('POST', CHANNELS)).json().id;
    const login = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${Buffer.from('b:b-secret').toString('base64')}` },
      payload: { grant_type: 'client_credentials' },
    });
    const res = await h.call('GET', `${CHANNELS}/${id}/subscriptions`, undefined, {
      authorization: `Bearer ${login.json().access_token}`,
    });
    expect(res.statusCode).toBe(404);
  });
});
