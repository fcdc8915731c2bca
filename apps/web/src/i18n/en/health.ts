/** 稼働状況. */
export default {
  title: 'inkan electronic contracts',
  heading: 'System status',
} as const;
