import { type ReactNode, useEffect, useRef } from 'react';
import { Link, useRouter } from '../lib/router.tsx';

export interface Crumb {
  readonly label: string;
  readonly to: string;
}

interface PageProps {
  readonly title: string;
  /** Shown under the title. */
  readonly lead?: ReactNode;
  readonly crumbs?: readonly Crumb[];
  /** Buttons at the right of the title. */
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}

/**
 * A page: breadcrumbs, the one `h1`, and the content. After an in-app navigation the heading takes the
 * focus, so keyboard and screen-reader users start at the top of the new page; the tab title follows.
 */
export function Page({ title, lead, crumbs, actions, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { location } = useRouter();
  useEffect(() => {
    document.title = `${title} · Plugboard console`;
  }, [title]);
  // Only a new page takes the focus: a changed query (search, paging) leaves it where the user is.
  const focusedPath = useRef<string | null>(null);
  useEffect(() => {
    if (location.navigations > 0 && focusedPath.current !== location.path) heading.current?.focus();
    focusedPath.current = location.path;
  }, [location.navigations, location.path]);
  return (
    <>
      {crumbs && crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="crumbs">
          <ol>
            {crumbs.map((crumb) => (
              <li key={crumb.to}>
                <Link to={crumb.to}>{crumb.label}</Link>
              </li>
            ))}
            <li aria-current="page">{title}</li>
          </ol>
        </nav>
      )}
      <header className="page-header">
        <div>
          <h1 tabIndex={-1} ref={heading}>
            {title}
          </h1>
          {lead && <p className="lead">{lead}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </>
  );
}

/** A titled part of a page. */
export function Section({
  title,
  id,
  actions,
  children,
}: {
  readonly title: string;
  readonly id: string;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <section className="section" aria-labelledby={id}>
      <div className="section-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
