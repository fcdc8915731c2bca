import { BlockList, isIP } from 'node:net';

/**
 * The IANA special-purpose address registries (IPv4 and IPv6), as of 2024,
 * plus what is not allocated for global unicast. A webhook may only reach an
 * address none of these holds: anything else is the platform's own network,
 * someone else's documentation example or a translation that can lead back
 * into it (IPv4-mapped, NAT64, 6to4, Teredo all embed an IPv4 address).
 */
const IPV4_SPECIAL: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private use'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link local'],
  ['172.16.0.0', 12, 'private use'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation (TEST-NET-1)'],
  ['192.31.196.0', 24, 'AS112-v4'],
  ['192.52.193.0', 24, 'AMT'],
  ['192.88.99.0', 24, 'deprecated 6to4 relay anycast'],
  ['192.168.0.0', 16, 'private use'],
  ['192.175.48.0', 24, 'direct delegation AS112'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation (TEST-NET-2)'],
  ['203.0.113.0', 24, 'documentation (TEST-NET-3)'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved, and the limited broadcast 255.255.255.255'],
];

const IPV6_SPECIAL: readonly (readonly [string, number, string])[] = [
  ['::', 96, 'unspecified, loopback and IPv4-compatible (e.g. [::127.0.0.1])'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['64:ff9b::', 96, 'IPv4/IPv6 translation (NAT64)'],
  ['64:ff9b:1::', 48, 'local-use IPv4/IPv6 translation'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (Teredo, benchmarking 2001:2::/48, ORCHID, AMT, AS112)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['2620:4f:8000::', 48, 'direct delegation AS112'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing SIDs'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local unicast'],
  ['fec0::', 10, 'deprecated site-local'],
  ['ff00::', 8, 'multicast'],
];

// One list per family: BlockList matches an IPv4 address against IPv6 rules as ::ffff:a.b.c.d.
const specialIpv4 = new BlockList();
for (const [network, prefix] of IPV4_SPECIAL) {
  specialIpv4.addSubnet(network, prefix, 'ipv4');
}
const specialIpv6 = new BlockList();
for (const [network, prefix] of IPV6_SPECIAL) {
  specialIpv6.addSubnet(network, prefix, 'ipv6');
}
/** Only 2000::/3 is allocated for global unicast; the rest of IPv6 is reserved. */
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

const loopbackIpv4 = new BlockList();
loopbackIpv4.addSubnet('127.0.0.0', 8, 'ipv4');
const loopbackIpv6 = new BlockList();
loopbackIpv6.addAddress('::1', 'ipv6');

/** An address a webhook may be sent to: a global unicast address outside every special-purpose range. */
export function isPublicAddress(address: string): boolean {
  switch (isIP(address)) {
    case 4:
      return !specialIpv4.check(address, 'ipv4');
    case 6:
      return globalUnicast.check(address, 'ipv6') && !specialIpv6.check(address, 'ipv6');
    default:
      return false;
  }
}

/** 127.0.0.0/8 and ::1, where development and test receivers listen. */
export function isLoopbackAddress(address: string): boolean {
  switch (isIP(address)) {
    case 4:
      return loopbackIpv4.check(address, 'ipv4');
    case 6:
      return loopbackIpv6.check(address, 'ipv6');
    default:
      return false;
  }
}
