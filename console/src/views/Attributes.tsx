import { useState, type FormEvent } from 'react';
import { esb, errorText } from '../api';
import { attributesOf, enumOptions, forgetAttributes, OBJECTS, useSubmit, type Attribute, type EnumOption } from '../model';
import { Link } from '../router';
import { Badge, ConfirmButton, Empty, ErrorBox, Loaded, Modal, PageHeader, useAsync, useNotify } from '../ui';

const TYPES = [
  ['singlechar', 'short text'],
  ['longchar', 'long text'],
  ['int', 'integer'],
  ['float', 'number'],
  ['enum', 'choice (one)'],
  ['enummulti', 'choice (several)'],
  ['date', 'date'],
  ['time', 'date and time'],
  ['objuser', 'users'],
  ['timezone', 'time zone'],
  ['bool', 'yes / no'],
  ['list', 'list of values'],
  ['organization', 'organization'],
] as const;

const typeName = (t: string) => TYPES.find(([id]) => id === t)?.[1] ?? t;

function optionSummary(a: Attribute): string {
  const o = a.option;
  if (o === null || o === undefined || o === '') return '';
  if (typeof o === 'string') return `matches ${o}`;
  if (Array.isArray(o)) {
    const opts = enumOptions(a);
    return opts.length ? opts.map((x) => `${x.name}${x.is_default ? ' (default)' : ''}`).join(', ') : o.join(', ');
  }
  if (typeof o === 'object') {
    const r = o as { min?: unknown; max?: unknown };
    return [r.min !== undefined && r.min !== '' ? `≥ ${String(r.min)}` : '', r.max !== undefined && r.max !== '' ? `≤ ${String(r.max)}` : ''].filter(Boolean).join(', ');
  }
  return String(o);
}

/** The model: each object's attributes, built-in and custom; custom ones added, edited and deleted here. */
export function Attributes({ objId }: { objId: string }) {
  const notify = useNotify();
  const [tick, setTick] = useState(0);
  const q = useAsync(() => attributesOf(objId), [objId, tick]);
  const [editing, setEditing] = useState<Attribute | 'new' | null>(null);
  const refresh = () => {
    forgetAttributes(objId);
    setTick((t) => t + 1);
  };
  const objName = OBJECTS.find((o) => o.id === objId)?.name ?? objId;

  return (
    <section>
      <PageHeader title="Model" action={{ label: 'New attribute', onClick: () => setEditing('new') }} />
      <nav className="tabs" aria-label="Objects">
        {OBJECTS.map((o) => (
          <Link key={o.id} to={`/model/${o.id}`} aria-current={o.id === objId ? 'page' : undefined}>
            {o.name}
          </Link>
        ))}
      </nav>
      {!OBJECTS.some((o) => o.id === objId) ? (
        <ErrorBox error={new Error(`There is no object “${objId}”.`)} title="Not found" />
      ) : (
        <Loaded q={q} label="Loading the model…">
          {(attrs) =>
            attrs.length === 0 ? (
              <Empty>No attribute.</Empty>
            ) : (
              <table className="table">
                <caption>Attributes of {objName.toLowerCase()}</caption>
                <thead>
                  <tr>
                    <th>Property ID</th>
                    <th>Name</th>
                    <th>Type</th>
                    <th>Required</th>
                    <th>Editable</th>
                    <th>Rule / options</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {attrs.map((a) => (
                    <tr key={a.id}>
                      <td className="mono">
                        {a.bk_property_id} {a.ispre ? <Badge tone="blue">built in</Badge> : <Badge tone="green">custom</Badge>}
                      </td>
                      <td>{a.bk_property_name}</td>
                      <td>{typeName(a.bk_property_type)}</td>
                      <td>{a.isrequired ? 'yes' : ''}</td>
                      <td>{a.editable ? 'yes' : ''}</td>
                      <td className="small clip">{optionSummary(a)}</td>
                      <td className="row-actions">
                        {!a.bk_issystem && (
                          <button type="button" onClick={() => setEditing(a)} aria-label={`Edit ${a.bk_property_id}`}>
                            Edit
                          </button>
                        )}
                        {!a.ispre && (
                          <ConfirmButton
                            label="Delete"
                            confirm={`Delete ${a.bk_property_id}? Its values leave every ${objName.toLowerCase()}.`}
                            onConfirm={async () => {
                              try {
                                await esb('delete_object_attribute', { id: a.id });
                                notify(`Attribute ${a.bk_property_id} deleted`);
                                refresh();
                              } catch (err) {
                                notify(errorText(err), 'error');
                              }
                            }}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      )}
      {editing && (
        <Modal title={editing === 'new' ? `New attribute of ${objName.toLowerCase()}` : `Edit ${editing.bk_property_id}`} onClose={() => setEditing(null)} wide>
          <AttributeForm
            objId={objId}
            attr={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSaved={(id) => {
              notify(editing === 'new' ? `Attribute ${id} added` : `Attribute ${id} saved`);
              setEditing(null);
              refresh();
            }}
          />
        </Modal>
      )}
    </section>
  );
}

const FIELDS = ['bk_property_id', 'bk_property_name', 'bk_property_type', 'option', 'default', 'isrequired', 'editable', 'unit', 'placeholder', 'description'];

interface EnumRow extends EnumOption {
  key: number;
}

function AttributeForm({ objId, attr, onCancel, onSaved }: { objId: string; attr?: Attribute; onCancel: () => void; onSaved: (id: string) => void }) {
  const isNew = !attr;
  const builtin = !!attr?.ispre;
  const [propertyId, setPropertyId] = useState(attr?.bk_property_id ?? '');
  const [name, setName] = useState(attr?.bk_property_name ?? '');
  const [type, setType] = useState(attr?.bk_property_type ?? 'singlechar');
  const [required, setRequired] = useState(attr?.isrequired ?? false);
  const [editable, setEditable] = useState(attr?.editable ?? true);
  const [regex, setRegex] = useState(typeof attr?.option === 'string' ? attr.option : '');
  const range = (attr?.option && typeof attr.option === 'object' && !Array.isArray(attr.option) ? attr.option : {}) as { min?: unknown; max?: unknown };
  const [min, setMin] = useState(range.min !== undefined && range.min !== null ? String(range.min) : '');
  const [max, setMax] = useState(range.max !== undefined && range.max !== null ? String(range.max) : '');
  const nextKey = useState(() => ({ n: 0 }))[0];
  const [options, setOptions] = useState<EnumRow[]>(() =>
    attr && enumOptions(attr).length ? enumOptions(attr).map((o) => ({ ...o, key: nextKey.n++ })) : [{ id: '', name: '', is_default: true, key: nextKey.n++ }],
  );
  const [listValues, setListValues] = useState(Array.isArray(attr?.option) && !enumOptions(attr).length ? (attr.option as string[]).join('\n') : '');
  const [unit, setUnit] = useState(attr?.unit ?? '');
  const [placeholder, setPlaceholder] = useState(attr?.placeholder ?? '');
  const [description, setDescription] = useState(attr?.description ?? '');
  const { fieldErrors, formError, busy, run } = useSubmit(FIELDS);

  const option = (): unknown => {
    if (type === 'singlechar' || type === 'longchar') return regex;
    if (type === 'int' || type === 'float') {
      const n = (s: string) => (s.trim() === '' ? '' : Number.isFinite(Number(s)) ? Number(s) : s);
      return min === '' && max === '' ? undefined : { min: n(min), max: n(max) };
    }
    if (type === 'enum' || type === 'enummulti') return options.map(({ id, name: n, is_default }) => ({ id, name: n, type: 'text', is_default: !!is_default }));
    if (type === 'list') return listValues.split('\n').map((s) => s.trim()).filter(Boolean);
    return undefined;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      if (isNew) {
        const body: Record<string, unknown> = {
          bk_obj_id: objId,
          bk_property_id: propertyId,
          bk_property_name: name,
          bk_property_type: type,
          isrequired: required,
          editable,
          unit,
          placeholder,
          description,
        };
        const o = option();
        if (o !== undefined) body.option = o;
        await esb('create_object_attribute', body);
      } else {
        const body: Record<string, unknown> = { id: attr.id, bk_property_name: name, unit, placeholder, description };
        if (!builtin) {
          body.isrequired = required;
          body.editable = editable;
          const o = option();
          if (o !== undefined) body.option = o;
        }
        await esb('update_object_attribute', body);
      }
      onSaved(propertyId);
    });
  };

  const err = (k: string) =>
    fieldErrors[k] ? (
      <div className="field-error" id={`af-${k}-error`} role="alert">
        {fieldErrors[k]}
      </div>
    ) : null;
  const aria = (k: string) => ({ id: `af-${k}`, 'aria-invalid': fieldErrors[k] ? true : undefined, 'aria-describedby': fieldErrors[k] ? `af-${k}-error` : undefined });

  return (
    <form className="form two-col" onSubmit={submit} noValidate>
      {formError !== undefined && <ErrorBox error={formError} title="Not saved" />}
      {builtin && <div className="state info wide">A built-in attribute takes only a new name, unit, placeholder and description.</div>}
      <div className={`field ${fieldErrors.bk_property_id ? 'has-error' : ''}`}>
        <label htmlFor="af-bk_property_id">
          Property ID<abbr className="req" title="required">*</abbr>
        </label>
        <input {...aria('bk_property_id')} className="mono" value={propertyId} disabled={!isNew} onChange={(e) => setPropertyId(e.target.value)} autoComplete="off" />
        {err('bk_property_id')}
        <div className="hint">a letter, then letters, digits and _; the field name in every call</div>
      </div>
      <div className={`field ${fieldErrors.bk_property_name ? 'has-error' : ''}`}>
        <label htmlFor="af-bk_property_name">
          Display name<abbr className="req" title="required">*</abbr>
        </label>
        <input {...aria('bk_property_name')} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        {err('bk_property_name')}
      </div>
      <div className={`field ${fieldErrors.bk_property_type ? 'has-error' : ''}`}>
        <label htmlFor="af-bk_property_type">Type</label>
        <select {...aria('bk_property_type')} value={type} disabled={!isNew} onChange={(e) => setType(e.target.value)}>
          {TYPES.map(([id, n]) => (
            <option key={id} value={id}>
              {n} ({id})
            </option>
          ))}
        </select>
        {err('bk_property_type')}
      </div>
      <div className="field">
        <span className="label">Rules</span>
        <label className="check">
          <input type="checkbox" checked={required} disabled={builtin} onChange={(e) => setRequired(e.target.checked)} /> Required
        </label>
        <label className="check">
          <input type="checkbox" checked={editable} disabled={builtin} onChange={(e) => setEditable(e.target.checked)} /> Editable after creation
        </label>
        {err('isrequired')}
      </div>

      {(type === 'singlechar' || type === 'longchar') && (
        <div className={`field wide ${fieldErrors.option ? 'has-error' : ''}`}>
          <label htmlFor="af-option">Regular expression</label>
          <input {...aria('option')} className="mono" value={regex} disabled={builtin} onChange={(e) => setRegex(e.target.value)} placeholder="^[a-z-]+$" autoComplete="off" />
          {err('option')}
          <div className="hint">every value must match it; empty: any text</div>
        </div>
      )}
      {(type === 'int' || type === 'float') && (
        <div className={`field wide ${fieldErrors.option ? 'has-error' : ''}`}>
          <span className="label">Range</span>
          <div className="row">
            <label className="inline-field">
              min <input aria-label="Minimum" value={min} disabled={builtin} onChange={(e) => setMin(e.target.value)} inputMode="decimal" />
            </label>
            <label className="inline-field">
              max <input aria-label="Maximum" value={max} disabled={builtin} onChange={(e) => setMax(e.target.value)} inputMode="decimal" />
            </label>
          </div>
          {err('option')}
        </div>
      )}
      {(type === 'enum' || type === 'enummulti') && (
        <fieldset className={`field wide ${fieldErrors.option ? 'has-error' : ''}`} disabled={builtin}>
          <legend>Options</legend>
          {options.map((o, i) => (
            <div className="row" key={o.key}>
              <input aria-label={`Option ${i + 1} id`} placeholder="id" className="mono" value={o.id} onChange={(e) => setOptions(options.map((x) => (x.key === o.key ? { ...x, id: e.target.value } : x)))} />
              <input aria-label={`Option ${i + 1} name`} placeholder="name" value={o.name} onChange={(e) => setOptions(options.map((x) => (x.key === o.key ? { ...x, name: e.target.value } : x)))} />
              <label className="check">
                <input
                  type={type === 'enum' ? 'radio' : 'checkbox'}
                  name="enum-default"
                  checked={!!o.is_default}
                  onChange={(e) => setOptions(options.map((x) => (x.key === o.key ? { ...x, is_default: e.target.checked } : type === 'enum' ? { ...x, is_default: false } : x)))}
                />
                default
              </label>
              <button type="button" className="ghost" aria-label={`Remove option ${i + 1}`} onClick={() => setOptions(options.filter((x) => x.key !== o.key))} disabled={options.length === 1}>
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setOptions([...options, { id: '', name: '', is_default: false, key: nextKey.n++ }])}>
            + Option
          </button>
          {err('option')}
        </fieldset>
      )}
      {type === 'list' && (
        <div className={`field wide ${fieldErrors.option ? 'has-error' : ''}`}>
          <label htmlFor="af-option">Values, one a line</label>
          <textarea {...aria('option')} rows={4} value={listValues} disabled={builtin} onChange={(e) => setListValues(e.target.value)} />
          {err('option')}
        </div>
      )}

      <div className={`field ${fieldErrors.unit ? 'has-error' : ''}`}>
        <label htmlFor="af-unit">Unit</label>
        <input {...aria('unit')} value={unit} onChange={(e) => setUnit(e.target.value)} />
        {err('unit')}
      </div>
      <div className={`field ${fieldErrors.placeholder ? 'has-error' : ''}`}>
        <label htmlFor="af-placeholder">Placeholder</label>
        <input {...aria('placeholder')} value={placeholder} onChange={(e) => setPlaceholder(e.target.value)} />
        {err('placeholder')}
      </div>
      <div className={`field wide ${fieldErrors.description ? 'has-error' : ''}`}>
        <label htmlFor="af-description">Description</label>
        <input {...aria('description')} value={description} onChange={(e) => setDescription(e.target.value)} />
        {err('description')}
      </div>
      <div className="actions wide">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : isNew ? 'Add attribute' : 'Save'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
