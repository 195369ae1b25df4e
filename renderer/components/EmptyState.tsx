import type { ReactNode } from 'react';

/** What a panel shows before it has anything: a title and the first thing to do. */
export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty" data-testid={testId}>
      <h2>{title}</h2>
      <div className="empty-body">{children}</div>
    </div>
  );
}
