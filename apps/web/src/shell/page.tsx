import { ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';

/**
 * A screen's title and body. The `<h1>` takes the focus whenever the path
 * changes, so a keyboard or screen-reader user starts on the new screen
 * (a changed `?page=` keeps the focus where it is). The tab title follows.
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();
  const { t } = useTranslation();
  useEffect(() => {
    heading.current?.focus();
  }, [pathname]);
  useEffect(() => {
    document.title = `${title} | ${t('appName')}`;
  }, [title, t]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}
