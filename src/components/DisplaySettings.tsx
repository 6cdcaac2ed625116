// The header's Display control: theme and article text size, kept on the device. A disclosure button
// opens a small panel of two radio groups; Escape or a click elsewhere closes it. It needs JavaScript,
// so until the page is taken over it keeps its place but is not shown (the system's theme applies).
import { useEffect, useId, useRef, useState } from 'react';
import { useTakenOver } from '../hydration';
import { DEFAULT_DISPLAY, readDisplay, saveDisplay, TEXT_SIZES, THEMES, type Display } from '../lib/display';

const THEME_LABELS: Record<Display['theme'], string> = { system: 'System', light: 'Light', dark: 'Dark' };
const SIZE_LABELS: Record<Display['textSize'], string> = {
  small: 'Small',
  default: 'Standard',
  large: 'Large',
  larger: 'Larger',
  largest: 'Largest',
};

export function DisplaySettings() {
  const takenOver = useTakenOver();
  const [open, setOpen] = useState(false);
  const [display, setDisplay] = useState<Display | null>(null);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const change = (next: Display) => {
    setDisplay(next);
    saveDisplay(next);
  };
  const current = display ?? DEFAULT_DISPLAY;

  return (
    <div className={takenOver ? 'display-settings' : 'display-settings awaiting-app'} ref={rootRef}>
      <button
        type="button"
        ref={buttonRef}
        aria-expanded={open}
        aria-controls={panelId}
        disabled={!takenOver}
        onClick={() => {
          // Read when opened: another tab may have changed it.
          if (!open) setDisplay(readDisplay());
          setOpen(!open);
        }}
      >
        Display
      </button>
      <div id={panelId} className="display-panel" hidden={!open}>
        <RadioGroup
          legend="Theme"
          name={`${panelId}-theme`}
          options={THEMES}
          labels={THEME_LABELS}
          chosen={current.theme}
          onChoose={(theme) => change({ ...current, theme })}
        />
        <RadioGroup
          legend="Article text size"
          name={`${panelId}-size`}
          options={TEXT_SIZES}
          labels={SIZE_LABELS}
          chosen={current.textSize}
          onChoose={(textSize) => change({ ...current, textSize })}
        />
      </div>
    </div>
  );
}

function RadioGroup<T extends string>({
  legend,
  name,
  options,
  labels,
  chosen,
  onChoose,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  chosen: T;
  onChoose: (option: T) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option}>
          <input type="radio" name={name} value={option} checked={chosen === option} onChange={() => onChoose(option)} />
          {labels[option]}
        </label>
      ))}
    </fieldset>
  );
}
