// The separation mode choice: vocal (2 stems) or instrumental (up to 12 stems).
import type { SeparationMode } from '../../preload/contract.js';

const MODES: readonly { mode: SeparationMode; title: string; detail: string }[] = [
  { mode: 'vocal', title: 'Vocal: 2 stems', detail: 'Vocals and instrumental, plus the original mix.' },
  {
    mode: 'instrumental',
    title: 'Instrumental: up to 12 stems',
    detail:
      'Vocals, backing vocals, drums, bass, guitar, keyboard, percussion, strings, synth, fx, brass, woodwinds, plus the original mix. Near-silent stems of instruments the song lacks are collapsed in the song view.',
  },
];

interface ModePickerProps {
  mode: SeparationMode;
  onChange: (mode: SeparationMode) => void;
}

export function ModePicker({ mode, onChange }: ModePickerProps) {
  return (
    <fieldset className="mode-picker" data-testid="mode-picker">
      <legend>Separation mode</legend>
      {MODES.map((option) => (
        <label key={option.mode} className={`mode-option${mode === option.mode ? ' selected' : ''}`}>
          <input
            type="radio"
            name="separation-mode"
            value={option.mode}
            data-testid={`mode-${option.mode}`}
            checked={mode === option.mode}
            onChange={() => onChange(option.mode)}
          />
          <span>
            <strong>{option.title}</strong>
            <span className="muted">{option.detail}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
