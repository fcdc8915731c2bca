/** 契約文書情報. */
export default {
  title: 'Contract document',
  info: '■ Contract information',
  pdf: '■ Contract PDF',
  pdfFrame: 'Contract PDF',
  pdfLoading: 'Loading the PDF…',
  download: 'Download the PDF ({{fileName}})',
  fields: {
    documentNumber: 'Document number',
    name: 'Contract name',
    signatureMode: 'Signatures',
    counterpartyName: 'Counterparty',
    counterpartySide: 'Counterparty side',
    status: 'Status',
    sender: 'Sender',
    receiver: 'Receiver',
    transactionDate: 'Transaction date',
    amount: 'Amount',
    createdAt: 'Registered',
    updatedAt: 'Updated',
    concludedAt: 'Concluded',
  },
} as const;
