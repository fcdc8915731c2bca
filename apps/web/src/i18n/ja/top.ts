/** トップページ. */
export default {
  title: 'トップページ',
  notices: '■ inkanからのお知らせ',
  noNotices: 'inkanからのお知らせはありません。',
  myList: '■ マイリスト',
  myListName: 'マイリスト',
  bulkResult: {
    title: '■ 一括署名（受取）の結果',
    summary: '一括署名（受取）が完了しました。対象 {{total}}件のうち、締結済 {{done}}件、署名できなかった契約文書 {{failed}}件。',
    finishedAt: '完了日時: {{at}}',
    details: '契約文書ごとの結果',
    dismiss: '閉じる',
  },
  columns: {
    no: 'No',
    documentNumber: '文書管理番号',
    name: '契約文書名称',
    counterpartyName: '取引先企業名',
    counterpartySide: '取引先受発注区分',
    status: 'ステータス',
  },
} as const;
