/** 稼働状況. */
export default {
  title: 'inkan（印鑑）電子契約',
  heading: '稼働状況 / System status',
  checking: '稼働状況を確認しています…',
  failed: '稼働状況を取得できませんでした: {{message}}（{{time}}）',
  overall: '全体の稼働状況:',
  checkedAt: '確認時刻 {{time}}',
  component: '構成要素',
  status: '稼働状況',
  statuses: { ok: '正常', up: '正常', degraded: '一部異常', down: '停止', error: '異常' },
} as const;
