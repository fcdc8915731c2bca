import { Inject, Injectable } from '@nestjs/common';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import { AppConfig } from '@app/config';
import { CONFIG } from '@app/messaging';
import { isLoopbackAddress, isPublicAddress } from './special-addresses';

export { isLoopbackAddress, isPublicAddress } from './special-addresses';

/** Every address a name resolves to. */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

const RESOLVE_DEADLINE_MS = 5_000;

export const systemResolver: ResolveAll = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export class WebhookTargetRefused extends Error {
  readonly code = 'WEBHOOK_TARGET_REFUSED';
}

/** The URL's host when it is an IP literal (connections to those skip DNS, so they are checked up front). */
export function literalAddressOf(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : undefined;
}

/**
 * Webhook URLs are chosen by company administrators, so without a guard the
 * platform could be made to POST into its own network (RabbitMQ's management
 * port, a cloud metadata service). A target is checked when the webhook is
 * created (literal or every address its name resolves to) and again when each
 * connection is made: the HTTP client's `lookup` is this guard, so the address
 * checked is the address connected to (a name re-pointed later — DNS
 * rebinding — is refused then).
 *
 * WEBHOOK_ALLOW_PRIVATE_TARGETS admits loopback only (test and development
 * receivers); every other special-purpose range stays refused, and the
 * configuration refuses the flag in production.
 */
@Injectable()
export class WebhookTargets {
  /** Replaceable so tests can map names to addresses without sending a DNS query anywhere. */
  resolveAll: ResolveAll = systemResolver;
  private readonly allowLoopback: boolean;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.allowLoopback = config.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  }

  allows(address: string): boolean {
    return isPublicAddress(address) || (this.allowLoopback && isLoopbackAddress(address));
  }

  /** Resolves with nothing when the URL may be used; throws WebhookTargetRefused otherwise. */
  async check(url: URL): Promise<void> {
    const literal = literalAddressOf(url);
    if (literal) {
      if (!this.allows(literal)) {
        throw new WebhookTargetRefused(`${literal} is a special-purpose address`);
      }
      return;
    }
    await this.addressesOf(url.hostname);
  }

  /** For http.request: resolves, refuses unless every address is allowed, and hands over the address to connect to. */
  lookup(): LookupFunction {
    return (hostname, options, callback) => {
      this.addressesOf(hostname).then(
        (addresses) => {
          const usable = options.family ? addresses.filter((address) => address.family === options.family) : addresses;
          if (usable.length === 0) {
            callback(new WebhookTargetRefused(`${hostname} has no address of family ${options.family}`), '', 0);
          } else if (options.all) {
            callback(null, usable);
          } else {
            callback(null, usable[0].address, usable[0].family);
          }
        },
        (error: Error) => callback(error, '', 0),
      );
    };
  }

  private async addressesOf(hostname: string): Promise<LookupAddress[]> {
    const name = hostname.replace(/^\[|\]$/g, '');
    if (isIP(name)) {
      if (!this.allows(name)) {
        throw new WebhookTargetRefused(`${name} is a special-purpose address`);
      }
      return [{ address: name, family: isIP(name) }];
    }
    let deadline: NodeJS.Timeout | undefined;
    const addresses = await Promise.race([
      this.resolveAll(name),
      new Promise<never>((_resolve, reject) => {
        deadline = setTimeout(() => reject(new WebhookTargetRefused(`${name} did not resolve in time`)), RESOLVE_DEADLINE_MS);
      }),
    ])
      .catch((error: unknown) => {
        throw error instanceof WebhookTargetRefused ? error : new WebhookTargetRefused(`${name} does not resolve`);
      })
      .finally(() => clearTimeout(deadline));
    const refused = addresses.find((address) => !this.allows(address.address));
    if (refused || addresses.length === 0) {
      throw new WebhookTargetRefused(`${name} resolves to a special-purpose address (${refused?.address ?? 'none'})`);
    }
    return addresses;
  }
}
