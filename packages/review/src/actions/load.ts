import { pause } from '@lab/async';
import { webhookSignatureHeaders } from '@lab/lab-client';
import { mockConversationIds } from '@lab/lab-runner';
import { Agent, fetch } from 'undici';
import { baseUrl, type LabContext, resolveUrl } from '../lab-context.js';
import type { SeededRandom } from '../rng.js';
import type { LoadAction } from '../schema/action.js';
import { type Form, pickForm } from '../schema/form.js';
import { applyFault } from './fault-actions.js';
import { faultLedger } from './fault-ledger.js';

/** One answer of a load step: when it was sent (ms since the load began), how long it took, what it said. */
export interface LoadSample {
  at: number;
  latencyMs: number;
  status: number;
  ok: boolean;
  fallback: boolean;
  /** The request's own id (what `{{contactId}}` became: an eventId for webhooks), when the body had one. */
  id?: string;
}

export interface LoadResult {
  name: string;
  samples: LoadSample[];
  sent: number;
  /** The fault window, ms since the load began (absent when the step had no fault). */
  fault?: { start: number; end: number; actions: string[] };
  /** Set when an answer took longer than haltAboveMs: the load stopped there. */
  halted?: string;
  /** Epoch ms when the load began. */
  startedAt: number;
}

/**
 * Open-model load: request i leaves at i / rate seconds whether or not earlier ones answered (a slow service
 * piles up, as under real traffic). The step's faults go on at `faultAt` and come off `faultFor` later.
 */
export async function runLoad(
  ctx: LabContext,
  step: LoadAction,
  options: { form: Form; random: SeededRandom; idPrefix: string; signal: AbortSignal; onHalt?: (why: string) => void },
): Promise<LoadResult> {
  const seconds = pickForm(step.seconds, options.form);
  const total = Math.max(1, Math.round(seconds * step.rate));
  const url = resolveUrl(ctx, step.url);
  const stop = new AbortController();
  const abort = () => stop.abort();
  options.signal.addEventListener('abort', abort);
  const result: LoadResult = { name: step.name, samples: [], sent: 0, startedAt: Date.now() };
  // The load's own connection pool, closed when it ends: the sockets left open afterwards are the services' own
  // (fastify keeps an idle keep-alive socket 72 s, which a shared pool would hold on to; the leak check reads fds).
  const dispatcher = new Agent({ connections: 256 });
  const ledger = faultLedger();
  const since = () => Date.now() - result.startedAt;

  const faultAtMs = pickForm(step.faultAt, options.form) * 1_000;
  const faultForMs = step.faultFor === undefined ? undefined : pickForm(step.faultFor, options.form) * 1_000;
  const faults = (async () => {
    if (step.during.length === 0) return;
    await pause(faultAtMs, stop.signal);
    if (stop.signal.aborted) return;
    const actions: string[] = [];
    const start = since();
    for (const action of step.during) actions.push(await applyFault(ctx, action, ledger, options.form));
    result.fault = { start, end: seconds * 1_000, actions };
    if (faultForMs === undefined) return;
    await pause(faultForMs, stop.signal);
    await ledger.undoAll();
    result.fault.end = since();
  })();

  const halt = (why: string) => {
    if (result.halted) return;
    result.halted = why;
    options.onHalt?.(why);
    stop.abort();
  };
  const conversations = step.conversationsFrom
    ? await mockConversationIds(baseUrl(ctx, step.conversationsFrom), Math.min(total, 100))
    : [];
  const one = async (i: number) => {
    const contactId = `${options.idPrefix}-${i}-${options.random.int(0, 999_999)}`;
    const body =
      step.body === undefined
        ? undefined
        : JSON.stringify(step.body)
            .replaceAll('{{contactId}}', contactId)
            .replaceAll('{{conversationId}}', conversations[i % Math.max(1, conversations.length)] ?? '');
    const at = since();
    const haltTimer =
      step.haltAboveMs === undefined
        ? undefined
        : setTimeout(() => halt(`an answer took over ${step.haltAboveMs} ms (request ${i})`), step.haltAboveMs);
    const sample: LoadSample = { at, latencyMs: 0, status: 0, ok: false, fallback: false };
    if (body?.includes(contactId)) sample.id = contactId;
    try {
      const response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(body !== undefined && step.signWebhook ? webhookSignatureHeaders(body, step.signWebhook.secret) : {}),
        },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(step.timeoutMs), stop.signal]),
        dispatcher,
      });
      const text = await response.text();
      sample.status = response.status;
      sample.ok = response.ok;
      sample.fallback = response.ok && /"isFallback"\s*:\s*true/.test(text);
    } catch {
      sample.status = 0;
    } finally {
      clearTimeout(haltTimer);
    }
    sample.latencyMs = since() - at;
    // A request cut short by a halt counts, as a failure lasting until the halt: the caller got no answer in time.
    result.samples.push(sample);
  };

  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total && !stop.signal.aborted; i++) {
    const wait = (i * 1_000) / step.rate - since();
    if (wait > 0) await pause(wait, stop.signal);
    if (stop.signal.aborted) break;
    inFlight.push(one(i));
    result.sent++;
  }
  await Promise.all(inFlight);
  await dispatcher.destroy();
  stop.abort();
  await faults;
  await ledger.undoAll();
  options.signal.removeEventListener('abort', abort);
  if (result.fault && result.fault.end > since()) result.fault.end = since();
  result.samples.sort((a, b) => a.at - b.at);
  return result;
}
