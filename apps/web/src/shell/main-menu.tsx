import { KeyboardEvent, useEffect, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MenuItem } from './menu-items';

/**
 * The menu bar. A ▼ group opens under its button; only one is open at a
 * time (they never overlap), and it closes on a click outside, on Escape
 * (focus back on its button), and when a screen opens. Buttons and links
 * are ordinary focusable elements: Tab, Enter and Space work as anywhere.
 */
export function MainMenu({ items, onLogout }: { items: MenuItem[]; onLogout: () => void }) {
  const { t } = useTranslation('shell');
  const [open, setOpen] = useState<string | null>(null);
  const nav = useRef<HTMLElement>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const location = useLocation();

  useEffect(() => setOpen(null), [location.pathname, location.search]);

  useEffect(() => {
    if (open === null) {
      return undefined;
    }
    const outside = (event: PointerEvent) => {
      if (nav.current && !nav.current.contains(event.target as Node)) {
        setOpen(null);
      }
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open !== null) {
      buttons.current.get(open)?.focus();
      setOpen(null);
    }
  };

  return (
    <nav className="menu" aria-label={t('menuLabel')} ref={nav} onKeyDown={onKeyDown}>
      <ul className="menu-bar">
        {items.map((item) =>
          item.children ? (
            <li key={item.id} className="menu-group">
              <button
                type="button"
                className="menu-button"
                aria-expanded={open === item.id}
                aria-controls={`menu-${item.id}`}
                ref={(element) => {
                  if (element) {
                    buttons.current.set(item.id, element);
                  }
                }}
                onClick={() => setOpen((current) => (current === item.id ? null : item.id))}
              >
                {t(item.label)}
                <span aria-hidden="true">▼</span>
              </button>
              <ul id={`menu-${item.id}`} className="menu-panel" hidden={open !== item.id}>
                {item.children.map((child) => (
                  <li key={child.id}>
                    <NavLink to={child.to ?? '/'} end>
                      {t(child.label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </li>
          ) : (
            <li key={item.id}>
              <NavLink to={item.to ?? '/'} end>
                {t(item.label)}
              </NavLink>
            </li>
          ),
        )}
        <li>
          <button type="button" className="link-button" onClick={onLogout}>
            {t('logout')}
          </button>
        </li>
      </ul>
    </nav>
  );
}
