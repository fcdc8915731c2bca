import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { ActorContext, EventInput, EventName, eventContracts, parseOrThrow } from '@app/contracts';
import { Executor, insertRows } from '@app/db';
import { currentTraceparent } from '@app/observability';
import { currentActor } from './message-context';
import { OutboxTable } from './outbox.table';

/**
 * Records an event in the same transaction as the state change it reports.
 * The payload is validated now, so a bad event fails the transaction instead
 * of poisoning a consumer later. Returns the message ID.
 */
export async function enqueueEvent<E extends EventName>(
  tx: Executor,
  outbox: OutboxTable,
  event: E,
  payload: EventInput<E>,
  actor: ActorContext = currentActor(),
): Promise<string> {
  const [id] = await enqueueEvents(tx, outbox, [{ event, payload, actor }]);
  return id;
}

/** One event of `enqueueEvents`, with the actor it is told on behalf of. */
export interface OutboxEntry<E extends EventName = EventName> {
  event: E;
  payload: EventInput<E>;
  actor?: ActorContext;
}

/** Several events in one statement, each validated as `enqueueEvent` does. Returns their message IDs in order. */
export async function enqueueEvents(tx: Executor, outbox: OutboxTable, entries: readonly OutboxEntry[]): Promise<string[]> {
  if (entries.length === 0) {
    return [];
  }
  // The trace of the work that wrote the rows is kept beside their actor (an ID, no secret): the relay
  // publishes it as the message's traceparent header, so the events' handlers continue that trace.
  const traceparent = currentTraceparent();
  const rows = entries.map((entry) => {
    const actor = entry.actor ?? currentActor();
    return {
      id: randomUUID(),
      event: entry.event,
      payload: parseOrThrow(eventContracts[entry.event].payload, entry.payload),
      actor: traceparent ? { ...actor, traceparent } : actor,
    };
  });
  await insertRows(tx, outbox, rows, { unnest: true });
  // Delivered when (and only if) the transaction commits: the relays publish at once instead of at their next poll.
  await tx.execute(sql`SELECT pg_notify(${outboxChannel(outbox)}, '')`);
  return rows.map((row) => row.id);
}

const channels = new WeakMap<OutboxTable, string>();

/** The PostgreSQL channel on which committed events of an outbox are announced (per database, per service schema). */
export function outboxChannel(outbox: OutboxTable): string {
  let channel = channels.get(outbox);
  if (!channel) {
    channel = `inkan_outbox_${getTableConfig(outbox).schema ?? 'public'}`;
    channels.set(outbox, channel);
  }
  return channel;
}
