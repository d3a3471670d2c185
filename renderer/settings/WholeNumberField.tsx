// A labelled whole-number input of the settings form, with the problem of its typed value below it.

interface WholeNumberFieldProps {
  /** The input's id. The problem's test id is `<id>-problem`. */
  id: string;
  label: string;
  value: string;
  range: { min: number; max: number };
  /** The reason the typed value cannot be saved, or undefined when it can. */
  problem: string | undefined;
  /** Id of the help text below the field, when there is one. */
  helpId?: string;
  onChange(value: string): void;
}

export function WholeNumberField({ id, label, value, range, problem, helpId, onChange }: WholeNumberFieldProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={range.min}
        max={range.max}
        step={1}
        value={value}
        aria-describedby={helpId}
        aria-invalid={problem !== undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && (
        <p className="field-error" role="alert" data-testid={`${id}-problem`}>
          {problem}
        </p>
      )}
    </>
  );
}
