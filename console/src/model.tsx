import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, esb, fieldOfError, type Page, type Row } from './api';
import { ErrorBox, Loading, useAsync } from './ui';

/** An attribute of the model, as search_object_attribute answers it. */
export interface Attribute {
  id: number;
  bk_obj_id: string;
  bk_property_id: string;
  bk_property_name: string;
  bk_property_type: string;
  bk_property_index: number;
  bk_property_group: string;
  option: unknown;
  default: unknown;
  isrequired: boolean;
  editable: boolean;
  isreadonly: boolean;
  ismultiple: boolean;
  ispre: boolean;
  bk_issystem: boolean;
  unit: string;
  placeholder: string;
  description: string;
}

export interface EnumOption {
  id: string;
  name: string;
  is_default?: boolean;
}

export const OBJECTS = [
  { id: 'biz', name: 'Business' },
  { id: 'set', name: 'Set' },
  { id: 'module', name: 'Module' },
  { id: 'plat', name: 'Cloud area' },
  { id: 'host', name: 'Host' },
  { id: 'bk_biz_set_obj', name: 'Business set' },
  { id: 'process', name: 'Process' },
] as const;

const cache = new Map<string, Promise<Attribute[]>>();

/** An object's attributes, fetched once per console session until the model changes. */
export function attributesOf(objId: string): Promise<Attribute[]> {
  let p = cache.get(objId);
  if (!p) {
    p = esb<Attribute[]>('search_object_attribute', { bk_obj_id: objId }).then((list) =>
      [...list].sort((a, b) => a.bk_property_index - b.bk_property_index || a.id - b.id),
    );
    p.catch(() => cache.delete(objId));
    cache.set(objId, p);
  }
  return p;
}

export const forgetAttributes = (objId?: string) => (objId ? cache.delete(objId) : cache.clear());

export const enumOptions = (a: Attribute): EnumOption[] =>
  Array.isArray(a.option) ? (a.option as EnumOption[]).filter((o) => o && typeof o === 'object' && 'id' in o) : [];

/** The display text of a value: enum ids become their names. */
export function display(a: Attribute | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (a && (a.bk_property_type === 'enum' || a.bk_property_type === 'enummulti')) {
    const opts = enumOptions(a);
    const one = (x: unknown) => opts.find((o) => o.id === x)?.name ?? String(x);
    return Array.isArray(v) ? v.map(one).join(', ') : one(v);
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const label = (a: Attribute) => a.bk_property_name.charAt(0).toUpperCase() + a.bk_property_name.slice(1);

/** What a form may set: attributes that are not the system's; on update only editable ones. */
export function formAttributes(attrs: Attribute[], mode: 'create' | 'update', extra: readonly string[] = []): Attribute[] {
  return attrs.filter(
    (a) =>
      extra.includes(a.bk_property_id) ||
      (!a.bk_issystem && !a.isreadonly && (mode === 'update' ? a.editable : a.editable || a.isrequired)),
  );
}

type FormValue = string | boolean | string[];

function toForm(a: Attribute, v: unknown, mode: 'create' | 'update'): FormValue {
  const t = a.bk_property_type;
  if (t === 'bool') return v === undefined || v === null ? (mode === 'create' && typeof a.default === 'boolean' ? a.default : false) : Boolean(v);
  if (t === 'enummulti') return Array.isArray(v) ? v.map(String) : [];
  if (v === undefined || v === null) {
    if (mode === 'create') {
      if (t === 'enum') return enumOptions(a).find((o) => o.is_default)?.id ?? (a.default != null ? String(a.default) : '');
      if (a.default !== null && a.default !== undefined) return String(a.default);
    }
    return '';
  }
  if (t === 'time' && typeof v === 'string') return v.replace(' ', 'T').slice(0, 16);
  return String(v);
}

function fromForm(a: Attribute, v: FormValue): unknown {
  const t = a.bk_property_type;
  if (t === 'bool' || t === 'enummulti') return v;
  const s = v as string;
  if (s === '') return t === 'singlechar' || t === 'longchar' || t === 'objuser' ? '' : null;
  if (t === 'int' || t === 'float' || t === 'foreignkey') {
    const n = Number(s);
    // Not a number: sent as typed, so that the server's message about it shows beside the field.
    return s.trim() !== '' && Number.isFinite(n) ? n : s;
  }
  if (t === 'time') return s.length === 16 ? `${s.replace('T', ' ')}:00` : s.replace('T', ' ');
  return s;
}

const TIME_ZONES = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'UTC'];
  }
})();

export interface FieldProps {
  attr: Attribute;
  value: FormValue;
  onChange: (v: FormValue) => void;
  error?: string;
  disabled?: boolean;
  multiline?: boolean;
  hint?: ReactNode;
}

/** One attribute's input with its label, required mark, hint and the server's message about it. */
export function Field({ attr: a, value, onChange, error, disabled, multiline, hint }: FieldProps) {
  const id = `f-${a.bk_obj_id}-${a.bk_property_id}`;
  const errId = `${id}-error`;
  const common = {
    id,
    name: a.bk_property_id,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errId : undefined,
    'aria-required': a.isrequired || undefined,
  };
  const t = a.bk_property_type;
  let input: ReactNode;
  if (t === 'enum' || t === 'list') {
    const opts = t === 'enum' ? enumOptions(a) : (Array.isArray(a.option) ? (a.option as unknown[]) : []).map((x) => ({ id: String(x), name: String(x) }));
    input = (
      <select {...common} value={value as string} onChange={(e) => onChange(e.target.value)}>
        {(!a.isrequired || value === '') && <option value="">—</option>}
        {opts.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    );
  } else if (t === 'enummulti') {
    const chosen = new Set(value as string[]);
    input = (
      <div className="checks" role="group" aria-labelledby={`${id}-label`} id={id}>
        {enumOptions(a).map((o) => (
          <label key={o.id} className="check">
            <input
              type="checkbox"
              disabled={disabled}
              checked={chosen.has(o.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(o.id);
                else next.delete(o.id);
                onChange([...next]);
              }}
            />
            {o.name}
          </label>
        ))}
      </div>
    );
  } else if (t === 'bool') {
    input = <input {...common} type="checkbox" checked={value as boolean} onChange={(e) => onChange(e.target.checked)} />;
  } else if (t === 'longchar' || multiline) {
    input = <textarea {...common} rows={multiline ? 4 : 3} value={value as string} placeholder={a.placeholder || undefined} onChange={(e) => onChange(e.target.value)} />;
  } else {
    const type = t === 'date' ? 'date' : t === 'time' ? 'datetime-local' : t === 'int' || t === 'float' ? 'text' : 'text';
    input = (
      <input
        {...common}
        type={type}
        inputMode={t === 'int' ? 'numeric' : t === 'float' ? 'decimal' : undefined}
        list={t === 'timezone' ? 'tz-list' : undefined}
        autoComplete="off"
        value={value as string}
        placeholder={a.placeholder || (t === 'objuser' ? 'user names, comma-separated' : undefined)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`field ${error ? 'has-error' : ''} ${t === 'bool' ? 'inline' : ''}`}>
      <label htmlFor={id} id={`${id}-label`}>
        {label(a)}
        {a.isrequired && (
          <abbr className="req" title="required">
            *
          </abbr>
        )}
        {a.unit && <span className="muted"> ({a.unit})</span>}
      </label>
      {input}
      {error && (
        <div className="field-error" id={errId} role="alert">
          {error}
        </div>
      )}
      <div className="hint">
        <code>{a.bk_property_id}</code>
        {typeof a.option === 'string' && a.option && (t === 'singlechar' || t === 'longchar') && <span> · must match {a.option}</span>}
        {a.description && <span> · {a.description}</span>}
        {hint && <span> · {hint}</span>}
      </div>
    </div>
  );
}

export function TimeZoneList() {
  return (
    <datalist id="tz-list">
      {TIME_ZONES.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

/** Runs a submit, sorting its failure out: beside the field it names, or above the form. */
export function useSubmit(fields: readonly string[]) {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setFieldErrors({});
    setFormError(undefined);
    try {
      await f();
      return true;
    } catch (err) {
      const field = fieldOfError(err, fields);
      if (field && err instanceof ApiError) {
        const all: Record<string, string> = { [field]: err.message };
        for (const [k, v] of Object.entries(err.fields)) if (fields.includes(k)) all[k] = v.join(' ');
        setFieldErrors(all);
      } else setFormError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { fieldErrors, formError, busy, run, setFieldErrors };
}

export interface InstanceFormProps {
  objId: string;
  mode: 'create' | 'update';
  initial?: Row;
  /** fields shown as text areas (a list of inner IPs, one a line) */
  multiline?: string[];
  /** fields the form shows although the model would leave them out (bk_host_innerip on create) */
  extra?: string[];
  /** fields it leaves out (handled by the view) */
  omit?: string[];
  hints?: Record<string, ReactNode>;
  /** replaces the input of a field (a cloud-area picker for bk_cloud_id) */
  inputs?: Record<string, (p: FieldProps) => ReactNode>;
  submitLabel: string;
  /** create: every filled field; update: the changed ones. Throws to show the server's refusal. */
  onSubmit: (values: Row) => Promise<unknown>;
  onCancel: () => void;
  children?: ReactNode;
}

/** A form that follows the model: required marks, enum selects, the server's message beside its field. */
export function InstanceForm(props: InstanceFormProps) {
  // The model may have changed since the console read it: a form always reads it afresh.
  const q = useAsync(() => {
    forgetAttributes(props.objId);
    return attributesOf(props.objId);
  }, [props.objId]);
  if (q.error) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (!q.data) return <Loading label="Loading the model…" />;
  return <InstanceFormBody {...props} attrs={q.data} />;
}

function InstanceFormBody({
  attrs,
  mode,
  initial = {},
  multiline = [],
  extra = [],
  omit = [],
  hints = {},
  inputs = {},
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: InstanceFormProps & { attrs: Attribute[] }) {
  const shown = useMemo(
    () => formAttributes(attrs, mode, extra).filter((a) => !omit.includes(a.bk_property_id)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [attrs, mode],
  );
  const start = useMemo(() => Object.fromEntries(shown.map((a) => [a.bk_property_id, toForm(a, initial[a.bk_property_id], mode)])), [shown]); // eslint-disable-line react-hooks/exhaustive-deps
  const [values, setValues] = useState<Record<string, FormValue>>(start);
  const names = useMemo(() => shown.map((a) => a.bk_property_id), [shown]);
  const { fieldErrors, formError, busy, run } = useSubmit(names);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const out: Row = {};
    for (const a of shown) {
      const id = a.bk_property_id;
      const v = values[id]!;
      if (mode === 'create') {
        const x = fromForm(a, v);
        if (x === '' || x === null || (Array.isArray(x) && x.length === 0) || (a.bk_property_type === 'bool' && x === false && a.default == null)) continue;
        out[id] = x;
      } else if (JSON.stringify(v) !== JSON.stringify(start[id])) {
        out[id] = fromForm(a, v);
      }
    }
    await run(() => onSubmit(out));
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {formError !== undefined && <ErrorBox error={formError} title="Not saved" />}
      {children}
      {shown.map((a) => {
        const p: FieldProps = {
          attr: a,
          value: values[a.bk_property_id]!,
          onChange: (v) => setValues((old) => ({ ...old, [a.bk_property_id]: v })),
          error: fieldErrors[a.bk_property_id],
          multiline: multiline.includes(a.bk_property_id),
          hint: hints[a.bk_property_id],
        };
        const custom = inputs[a.bk_property_id];
        return <div key={a.bk_property_id}>{custom ? custom(p) : <Field {...p} />}</div>;
      })}
      <TimeZoneList />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** All pages of a search (pages of `limit`), with progress; stops at `max` rows. */
export async function searchAll<T>(
  name: string,
  body: Row,
  opts: { limit: number; max?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<{ rows: T[]; count: number }> {
  const rows: T[] = [];
  let count = 0;
  for (let start = 0; ; start += opts.limit) {
    const page = await esb<Page<T>>(name, { ...body, page: { ...((body.page as Row) ?? {}), start, limit: opts.limit } }, opts.signal);
    count = page.count;
    rows.push(...page.info);
    opts.onProgress?.(Math.min(rows.length, count), count);
    if (page.info.length < opts.limit || rows.length >= count || (opts.max !== undefined && rows.length >= opts.max)) break;
  }
  return { rows, count };
}
