/** トップページ. */
export default {
  title: 'Top page',
  notices: '■ Notices from inkan',
  noNotices: 'There are no notices from inkan.',
  myList: '■ My list',
  myListName: 'My list',
  columns: {
    no: 'No.',
    documentNumber: 'Document number',
    name: 'Contract name',
    counterpartyName: 'Counterparty',
    counterpartySide: 'Counterparty side',
    status: 'Status',
  },
} as const;
