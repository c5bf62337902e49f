import { useId } from 'react';

/** "Type X to confirm": the action button stays disabled until the phrase matches exactly. */
export function TypedConfirm({ phrase, value, onChange }: { phrase: string; value: string; onChange(value: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        Type <strong className="mono">{phrase}</strong> to confirm
      </label>
      <input id={id} autoComplete="off" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
