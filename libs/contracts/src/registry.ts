import { z } from 'zod';
import { EventName, Events, Patterns, RpcPattern } from './names';
import { notificationRequestedSchema } from './notification.schema';
import { pingPayloadSchema, pingReplySchema } from './ping.schema';

/** Payload and reply schema of every RPC pattern. */
export const rpcContracts = {
  [Patterns.identity.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
  [Patterns.contractWorkflow.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
  [Patterns.signing.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
  [Patterns.notification.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
} as const satisfies Record<RpcPattern, { payload: z.ZodType; reply: z.ZodType }>;

/** Payload schema of every event. */
export const eventContracts = {
  [Events.notificationRequested]: { payload: notificationRequestedSchema },
} as const satisfies Record<EventName, { payload: z.ZodType }>;

export type RpcPayload<P extends RpcPattern> = z.input<(typeof rpcContracts)[P]['payload']>;
export type RpcReply<P extends RpcPattern> = z.output<(typeof rpcContracts)[P]['reply']>;
export type EventPayload<E extends EventName> = z.output<(typeof eventContracts)[E]['payload']>;
export type EventInput<E extends EventName> = z.input<(typeof eventContracts)[E]['payload']>;

export function isRpcPattern(name: string): name is RpcPattern {
  return Object.prototype.hasOwnProperty.call(rpcContracts, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(eventContracts, name);
}

/** The schema that validates an incoming payload for a pattern or event name. */
export function payloadSchemaOf(name: string): z.ZodType | undefined {
  if (isRpcPattern(name)) {
    return rpcContracts[name].payload;
  }
  if (isEventName(name)) {
    return eventContracts[name].payload;
  }
  return undefined;
}
