/** 稼働状況. */
export default {
  title: 'inkan（印鑑）電子契約',
  heading: '稼働状況 / System status',
} as const;
