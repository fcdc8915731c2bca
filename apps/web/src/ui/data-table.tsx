import { ReactNode } from 'react';

export interface Column<Row> {
  /** Stable key of the column. */
  key: string;
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
}

/**
 * A table that works at 375 px: on wide screens a table; on narrow ones each
 * row becomes a card whose cells carry their column's name (CSS reads
 * `data-label`). `label` names the table for assistive technology and tests
 * (`getByRole('table', { name })`).
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  rowProps,
}: {
  label: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => Record<string, string | undefined>;
}) {
  return (
    <div className="data-table">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <td key={column.key} data-label={typeof column.header === 'string' ? column.header : undefined}>
                  {column.cell(row, index)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
