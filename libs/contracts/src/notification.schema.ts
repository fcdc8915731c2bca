import { z } from 'zod';

/** Preliminary: the Notifications issue fixes the template list and parameters. */
export const notificationRequestedSchema = z.object({
  template: z.string().regex(/^[a-z][a-z0-9-]*$/),
  to: z.email(),
  locale: z.enum(['ja', 'en']).default('ja'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type NotificationRequested = z.infer<typeof notificationRequestedSchema>;
