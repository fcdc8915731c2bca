import { z } from 'zod';
import { eventUuidOf } from './webhooks';

describe('webhook event IDs', () => {
  it('derives one UUID per event ID, and keeps a UUID as it is', () => {
    const id = eventUuidOf('7d3c1f0e-8a1b-4c2d-9e3f-000000000001:3:contract.sent');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(eventUuidOf('7d3c1f0e-8a1b-4c2d-9e3f-000000000001:3:contract.sent')).toBe(id);
    expect(eventUuidOf('7d3c1f0e-8a1b-4c2d-9e3f-000000000001:4:contract.sent')).not.toBe(id);
    expect(eventUuidOf('7D3C1F0E-8A1B-4C2D-9E3F-000000000001')).toBe('7d3c1f0e-8a1b-4c2d-9e3f-000000000001');
  });
});
