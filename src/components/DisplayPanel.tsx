// The Display control's panel (DisplaySettings.tsx loads it when first opened): the two radio groups,
// which change the page at once and are kept on the device. Escape closes it and gives focus back to
// the button; a click outside the control closes it.
import { useEffect, useState, type RefObject } from 'react';
import { readDisplay, saveDisplay, TEXT_SIZES, THEMES, type Display } from '../lib/display';
import { siteRoot } from '../lib/paths';

const THEME_LABELS: Record<Display['theme'], string> = { system: 'System', light: 'Light', dark: 'Dark' };
const SIZE_LABELS: Record<Display['textSize'], string> = {
  small: 'Small',
  default: 'Standard',
  large: 'Large',
  larger: 'Larger',
  largest: 'Largest',
};

export default function DisplayPanel({
  id,
  within,
  onClose,
}: {
  id: string;
  /** The whole control: a click inside it is not a click elsewhere. */
  within: RefObject<HTMLElement | null>;
  onClose: (returnFocus: boolean) => void;
}) {
  // Read as it opens: another tab may have changed it.
  const [display, setDisplay] = useState(() => readDisplay(siteRoot));

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose(true);
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!within.current?.contains(event.target as Node)) onClose(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [within, onClose]);

  const change = (next: Display) => {
    setDisplay(next);
    saveDisplay(next, siteRoot);
  };

  return (
    <div id={id} className="display-panel">
      <RadioGroup
        legend="Theme"
        name={`${id}-theme`}
        options={THEMES}
        labels={THEME_LABELS}
        chosen={display.theme}
        onChoose={(theme) => change({ ...display, theme })}
      />
      <RadioGroup
        legend="Article text size"
        name={`${id}-size`}
        options={TEXT_SIZES}
        labels={SIZE_LABELS}
        chosen={display.textSize}
        onChoose={(textSize) => change({ ...display, textSize })}
      />
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
