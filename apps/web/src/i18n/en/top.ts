/** トップページ. */
export default {
  title: 'Top page',
  notices: '■ Notices from inkan',
  noNotices: 'There are no notices from inkan.',
  myList: '■ My list',
  myListName: 'My list',
  bulkResult: {
    title: '■ Bulk signing result',
    summary: 'Bulk signing finished: of {{total}} documents, {{done}} concluded, {{failed}} could not be signed.',
    finishedAt: 'Finished: {{at}}',
    details: 'Result of each document',
    dismiss: 'Close',
  },
  columns: {
    no: 'No.',
    documentNumber: 'Document number',
    name: 'Contract name',
    counterpartyName: 'Counterparty',
    counterpartySide: 'Counterparty side',
    status: 'Status',
  },
} as const;
