/** 稼働状況. */
export default {
  title: 'inkan electronic contracts',
  heading: 'System status',
  checking: 'Checking the status…',
  failed: 'Could not reach the gateway: {{message}} ({{time}})',
  overall: 'Overall:',
  checkedAt: 'checked at {{time}}',
  component: 'Component',
  status: 'Status',
  statuses: { ok: 'OK', up: 'OK', degraded: 'Degraded', down: 'Down', error: 'Error' },
} as const;
