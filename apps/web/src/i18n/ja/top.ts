/** トップページ. */
export default {
  title: 'トップページ',
  notices: '■ inkanからのお知らせ',
  noNotices: 'inkanからのお知らせはありません。',
  myList: '■ マイリスト',
  myListName: 'マイリスト',
  columns: {
    no: 'No',
    documentNumber: '文書管理番号',
    name: '契約文書名称',
    counterpartyName: '取引先企業名',
    counterpartySide: '取引先受発注区分',
    status: 'ステータス',
  },
} as const;
