import { AsyncLocalStorage } from 'node:async_hooks';
import { ActorContext } from '@app/contracts';
import type { PlatformMetrics } from '@app/observability';

/** What is known about the message (or HTTP request) being handled right now. */
export interface MessageContext {
  actor: ActorContext;
  /** The RPC pattern or event name; absent for plain HTTP work in the gateway. */
  pattern?: string;
  /** The AMQP message ID: the outbox row ID for events, the inbox dedupe key. */
  messageId?: string;
  /** The handling app's metrics (the inbox counts duplicates there). */
  metrics?: PlatformMetrics;
}

const storage = new AsyncLocalStorage<MessageContext>();

export function runInContext<T>(context: MessageContext, work: () => T): T {
  return storage.run(context, work);
}

/** Binds the context to the rest of the current async chain (HTTP hooks). */
export function enterContext(context: MessageContext): void {
  storage.enterWith(context);
}

/**
 * Runs `work` outside any message context: for long-lived resources (broker
 * connections, timers) created during a request, whose later log lines must
 * not carry that request's ID.
 */
export function outsideContext<T>(work: () => T): T {
  return storage.exit(work);
}

export function currentContext(): MessageContext | undefined {
  return storage.getStore();
}

export function currentActor(): ActorContext {
  const context = storage.getStore();
  if (!context) {
    throw new Error('No actor context: this code must run inside a message or request handler');
  }
  return context.actor;
}
