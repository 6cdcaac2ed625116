// The header's Display control: theme and article text size, kept on the device. A disclosure button
// opens a small panel of two radio groups; Escape or a click elsewhere closes it. It needs JavaScript,
// so until the page is taken over it keeps its place but is not shown (the system's theme applies).
// The panel's code (DisplayPanel.tsx) is loaded when the reader first opens it, not with every page:
// the preferences are applied before the first paint by the page's own inline script (lib/display.ts).
import { lazy, Suspense, useId, useRef, useState } from 'react';
import { useTakenOver } from '../hydration';

// Offline before the service worker has kept its code, the panel says so rather than failing the page.
const DisplayPanel = lazy(() =>
  import('./DisplayPanel').catch(() => ({
    default: ({ id }: { id: string }) => (
      <div id={id} className="display-panel" role="status">
        The display settings could not be loaded. Check your connection and reload the page.
      </div>
    ),
  })),
);

export function DisplaySettings() {
  const takenOver = useTakenOver();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div className={takenOver ? 'display-settings' : 'display-settings awaiting-app'} ref={rootRef}>
      <button
        type="button"
        ref={buttonRef}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        disabled={!takenOver}
        onClick={() => setOpen(!open)}
      >
        Display
      </button>
      {open && (
        // Until its code has come, an empty stand-in, so that the button never controls nothing.
        <Suspense fallback={<div id={panelId} hidden />}>
          <DisplayPanel
            id={panelId}
            within={rootRef}
            onClose={(returnFocus) => {
              setOpen(false);
              if (returnFocus) buttonRef.current?.focus();
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
