// A row of tabs (WAI-ARIA tabs pattern): arrow keys, Home and End move between them.
import type { KeyboardEvent } from 'react';

interface Props<K extends string> {
  tabs: readonly { key: K; label: string }[];
  current: K;
  onChange(key: K): void;
  label: string;
  idPrefix: string;
}

export function Tabs<K extends string>({ tabs, current, onChange, label, idPrefix }: Props<K>) {
  const move = (e: KeyboardEvent, i: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onChange(tabs[next].key);
    document.getElementById(`${idPrefix}-tab-${tabs[next].key}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab, i) => (
        <button
          key={tab.key}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${tab.key}`}
          aria-selected={current === tab.key}
          aria-controls={`${idPrefix}-panel-${tab.key}`}
          tabIndex={current === tab.key ? 0 : -1}
          className={current === tab.key ? 'tab active' : 'tab'}
          onClick={() => onChange(tab.key)}
          onKeyDown={(e) => move(e, i)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** The panel of a tab of `Tabs` with the same idPrefix. */
export function TabPanel({ idPrefix, tab, children }: { idPrefix: string; tab: string; children: React.ReactNode }) {
  return (
    <div role="tabpanel" id={`${idPrefix}-panel-${tab}`} aria-labelledby={`${idPrefix}-tab-${tab}`}>
      {children}
    </div>
  );
}
