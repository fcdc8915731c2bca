/** 契約文書情報. */
export default {
  title: '契約文書情報',
  info: '■ 契約文書情報',
  pdf: '■ 契約文書PDF',
  pdfFrame: '契約文書PDF',
  pdfLoading: 'PDFを読み込んでいます…',
  download: 'PDFをダウンロード（{{fileName}}）',
  fields: {
    documentNumber: '文書管理番号',
    name: '契約文書名称',
    signatureMode: '署名有無',
    counterpartyName: '取引先企業名',
    counterpartySide: '取引先受発注区分',
    status: 'ステータス',
    sender: '発信者',
    receiver: '受信者',
    transactionDate: '取引年月日',
    amount: '取引金額',
    createdAt: '登録日',
    updatedAt: '更新日',
    concludedAt: '締結日',
  },
} as const;
