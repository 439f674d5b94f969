import type { ReactNode } from 'react';

/**
 * A table of figures: a caption (for screen readers at least), column headers, and rows; wide
 * tables scroll sideways on a tablet instead of squeezing their figures.
 */
export function FigureTable({
  caption,
  captionHidden = false,
  columns,
  testId,
  children,
}: {
  caption?: string;
  captionHidden?: boolean;
  /** Column headers; `false` leaves a column out (a figure the role may not see). */
  columns: readonly (string | false)[];
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className="figures" data-testid={testId}>
        {caption && (
          <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        )}
        <thead>
          <tr>
            {columns
              .filter((column): column is string => column !== false)
              .map((column) => (
                <th scope="col" key={column}>
                  {column}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
