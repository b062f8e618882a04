// A labelled progress bar (the native <progress>, so assistive technology reads it).
interface Props {
  value: number | null; // 0..100, or null when unknown
  label: string;
  id?: string;
}

export function Progress({ value, label, id }: Props) {
  const v = value === null ? undefined : Math.max(0, Math.min(100, value));
  return (
    <div className="progress">
      <progress id={id} max={100} value={v} aria-label={label} />
      <span className="progress-value" aria-hidden="true">
        {v === undefined ? '…' : `${Math.round(v)}%`}
      </span>
    </div>
  );
}
