import { Button } from './Button.tsx';

/** Previous / next through a paged list, with where we are. */
export function Pager({
  page,
  totalPages,
  totalRecords,
  noun,
  onPage,
}: {
  readonly page: number;
  readonly totalPages: number;
  readonly totalRecords: number;
  readonly noun: string;
  onPage(page: number): void;
}) {
  if (totalPages <= 1)
    return <p className="pager-summary">{`${totalRecords} ${noun}${totalRecords === 1 ? '' : 's'}`}</p>;
  return (
    <nav className="pager" aria-label={`${noun[0]?.toUpperCase()}${noun.slice(1)} pages`}>
      <Button onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </Button>
      <span className="pager-summary">
        Page {page} of {totalPages} · {totalRecords} {noun}s
      </span>
      <Button onClick={() => onPage(page + 1)} disabled={page >= totalPages}>
        Next
      </Button>
    </nav>
  );
}
