import {
  Component,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type DependencyList,
  type ErrorInfo,
  type ReactNode,
} from 'react';
import { ApiError, errorText, isAbort } from './api';

/* ------------------------------------------------------------------ data loading */

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** changes the data in place (after a write whose answer is known), without a reload */
  setData: (f: (old: T | undefined) => T | undefined) => void;
}

/** Runs `load` whenever `deps` change (the previous run is aborted) and on reload(). */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, error: undefined, loading: true }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, error: undefined, loading: false }),
      (error) => !ctl.signal.aborted && !isAbort(error) && setState({ data: undefined, error, loading: false }),
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((f: (old: T | undefined) => T | undefined) => setState((s) => ({ ...s, data: f(s.data) })), []);
  return { ...state, reload, setData };
}

/** A value that settles `ms` after its last change (search boxes). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/* ------------------------------------------------------------------ states */

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

/** An error as a person should read it; never a blank page. */
export function ErrorBox({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const e = error instanceof ApiError ? error : undefined;
  const heading =
    (e?.kind === 'forbidden' || e?.kind === 'auth' ? undefined : title) ??
    (e?.kind === 'forbidden'
      ? 'No permission'
      : e?.kind === 'auth'
        ? 'Not signed in'
        : e?.kind === 'network'
          ? 'The server cannot be reached'
          : e?.kind === 'not_found'
            ? 'Not found'
            : 'Something went wrong');
  return (
    <div className={`state error ${e?.kind ?? ''}`} role="alert">
      <strong>{heading}</strong>
      <p>{errorText(error)}</p>
      {e?.code !== undefined && (
        <p className="muted small">
          code {e.code}
          {e.requestId ? ` · request ${e.requestId}` : ''}
        </p>
      )}
      {onRetry && e?.kind !== 'auth' && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Shows loading / error / the content of an Async. */
export function Loaded<T>({ q, label, children }: { q: Async<T>; label?: string; children: (data: T) => ReactNode }) {
  if (q.error) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (q.data === undefined) return <Loading label={label} />;
  return (
    <div className={q.loading ? 'refreshing' : undefined} aria-busy={q.loading}>
      {children(q.data)}
    </div>
  );
}

export function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={label}>
      <div className="progress-label">
        {label} — {done.toLocaleString()} / {total.toLocaleString()}
      </div>
      <div className="progress-track">
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function Badge({ tone = 'grey', children }: { tone?: 'green' | 'red' | 'amber' | 'grey' | 'blue'; children: ReactNode }) {
  return <span className={`badge ${tone}`}>{children}</span>;
}

/* ------------------------------------------------------------------ controls */

export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', key);
    const first = ref.current?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea');
    first?.focus();
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal ${wide ? 'wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={id} ref={ref}>
        <header>
          <h2 id={id}>{title}</h2>
          <button type="button" className="ghost" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

/** A destructive button that asks once more, in place. */
export function ConfirmButton({
  label,
  confirm,
  onConfirm,
  disabled,
  tone = 'danger',
}: {
  label: string;
  confirm: string;
  onConfirm: () => Promise<unknown> | void;
  disabled?: boolean;
  tone?: 'danger' | 'plain';
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={tone === 'danger' ? 'danger-outline' : ''} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={confirm}>
      <span>{confirm}</span>
      <button
        type="button"
        className={tone === 'danger' ? 'danger' : 'primary'}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {busy ? 'Working…' : 'Yes'}
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}

export function Pager({
  start,
  limit,
  count,
  onChange,
}: {
  start: number;
  limit: number;
  count: number;
  onChange: (start: number) => void;
}) {
  if (count <= limit && start === 0) return <div className="pager muted">{count.toLocaleString()} in all</div>;
  const page = Math.floor(start / limit) + 1;
  const pages = Math.max(1, Math.ceil(count / limit));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={start === 0} onClick={() => onChange(Math.max(0, start - limit))}>
        ‹ Previous
      </button>
      <span>
        Page {page} of {pages} · {count.toLocaleString()} in all
      </span>
      <button type="button" disabled={start + limit >= count} onClick={() => onChange(start + limit)}>
        Next ›
      </button>
    </nav>
  );
}

/* ------------------------------------------------------------------ notices */

interface Notice {
  id: number;
  text: string;
  tone: 'ok' | 'error';
}
const NoticeContext = createContext<(text: string, tone?: 'ok' | 'error') => void>(() => undefined);

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);
  const notify = useCallback((text: string, tone: 'ok' | 'error' = 'ok') => {
    const id = next.current++;
    setNotices((n) => [...n.slice(-3), { id, text, tone }]);
    setTimeout(() => setNotices((n) => n.filter((x) => x.id !== id)), tone === 'error' ? 8000 : 4000);
  }, []);
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
            {n.text}
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export const useNotify = () => useContext(NoticeContext);

/* ------------------------------------------------------------------ crash guard */

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('console view failed', error, info.componentStack);
  }
  override render() {
    if (this.state.error !== undefined) {
      return (
        <div className="state error" role="alert">
          <strong>This view failed</strong>
          <p>{errorText(this.state.error)}</p>
          <button type="button" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}

/** A view's heading, with its main action ("New …") on the right. */
export function PageHeader({ title, action, children }: { title: ReactNode; action?: { label: string; onClick: () => void }; children?: ReactNode }) {
  return (
    <div className="title-row">
      <h1>{title}</h1>
      {action && (
        <button type="button" className="primary" onClick={action.onClick}>
          {action.label}
        </button>
      )}
      {children}
    </div>
  );
}

/** A list's search box: every keystroke changes the text and sends the list back to its first page. */
export function SearchBox({ label, placeholder = 'Search by name…', value, onChange }: { label: string; placeholder?: string; value: string; onChange: (text: string) => void }) {
  return <input type="search" aria-label={label} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />;
}

/** A filter form's Search (submit) and Clear buttons. */
export function FilterActions({ onClear }: { onClear: () => void }) {
  return (
    <>
      <button type="submit" className="primary">
        Search
      </button>
      <button type="button" onClick={onClear}>
        Clear
      </button>
    </>
  );
}
