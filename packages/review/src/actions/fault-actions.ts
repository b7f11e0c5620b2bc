import { AdminError, mockAdmin } from '@lab/lab-client';
import { type LabContext, resolveUrl } from '../lab-context.js';
import type { FaultAction } from '../schema/action.js';
import type { Form } from '../schema/form.js';
import type { FaultLedger } from './fault-ledger.js';
import { pickForms } from './pick-forms.js';

/** Applies one fault (toxic, proxy down, mock fault) and records in the ledger how to take it off. */
export async function applyFault(
  ctx: LabContext,
  action: FaultAction,
  ledger: FaultLedger,
  form: Form = 'short',
): Promise<string> {
  switch (action.type) {
    case 'toxic': {
      const proxy = await ctx.toxiproxy.get(action.proxy);
      const name = `review-${action.toxic}-${action.stream}`;
      const toxic = await proxy.addToxic({
        name,
        type: action.toxic,
        stream: action.stream,
        toxicity: action.toxicity,
        attributes: action.attributes,
      } as never);
      const description = `toxic ${action.toxic} ${JSON.stringify(action.attributes)} on ${action.proxy}`;
      ledger.add(description, () => toxic.remove());
      return description;
    }
    case 'proxy-down': {
      const proxy = await ctx.toxiproxy.get(action.proxy);
      const { listen, upstream } = proxy;
      await proxy.update({ enabled: false, listen, upstream });
      ledger.add(`proxy ${action.proxy} down`, async () => {
        await (await ctx.toxiproxy.get(action.proxy)).update({ enabled: true, listen, upstream });
      });
      return `proxy ${action.proxy} down`;
    }
    case 'kill': {
      const proc = ctx.owned.get(action.service);
      if (!proc) throw new Error(`cannot kill ${action.service}: the review did not start it (needs --start-lab)`);
      const pid = proc.pid;
      await proc.kill();
      const description = `kill -9 ${action.service} (pid ${pid})`;
      // Restarted on the same port (waits until it answers its health check); the handle stays valid.
      ledger.add(description, () => proc.restart());
      return description;
    }
    case 'mock-fault': {
      const admin = mockAdmin(resolveUrl(ctx, `{{${action.mock}}}`));
      const spec = pickForms(action.fault, form);
      const fault = await admin.addFault(spec as Parameters<typeof admin.addFault>[0]);
      const description = `${action.mock} fault ${JSON.stringify(spec)}`;
      // A fault may end by itself (a maintenance window, a counted fault): then there is nothing left to undo.
      ledger.add(description, () =>
        admin.removeFault(fault.id).catch((error: unknown) => {
          if (!(error instanceof AdminError && error.status === 404)) throw error;
        }),
      );
      return description;
    }
  }
}

/** Takes off every toxic on every proxy and enables every proxy: the lab as the topology describes it. */
export async function clearToxics(ctx: LabContext): Promise<void> {
  const proxies = await ctx.toxiproxy.getAll();
  for (const proxy of Object.values(proxies)) {
    const live = (await fetch(`${ctx.toxiproxyUrl}/proxies/${proxy.name}/toxics`).then((r) => r.json())) as {
      name: string;
    }[];
    for (const toxic of live) {
      if (toxic.name.startsWith('review-')) await (await proxy.getToxic(toxic.name)).remove();
    }
    if (!proxy.enabled) await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
  }
}
