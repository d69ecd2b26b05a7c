import { messageOf } from "../lib/api";

/** An error in the API's own words (its problem+json `detail`). */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {messageOf(error)}
    </p>
  );
}

/** A progress indicator for every wait. */
export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <span role="status" className="spinner">
      <span className="spinner-dot" aria-hidden="true" />
      {label}…
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
