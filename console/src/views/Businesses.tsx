import { useState } from 'react';
import { esb, errorText, type Page, type Row } from '../api';
import { attributesOf, display, type Attribute, InstanceForm } from '../model';
import { Link } from '../router';
import { Badge, ConfirmButton, Empty, Loaded, Modal, PageHeader, Pager, SearchBox, useAsync, useDebounced, useNotify } from '../ui';

const LIMIT = 20;

export interface Business extends Row {
  bk_biz_id: number;
  bk_biz_name: string;
  bk_biz_maintainer: string | null;
  life_cycle: string | null;
  bk_data_status: string | null;
}

/** Businesses: search, create, edit, archive and restore. */
export function Businesses() {
  const [text, setText] = useState('');
  const [archived, setArchived] = useState(false);
  const [start, setStart] = useState(0);
  const [editing, setEditing] = useState<Business | 'new' | null>(null);
  const notify = useNotify();
  const search = useDebounced(text.trim());

  const attrs = useAsync(() => attributesOf('biz'), []);
  const q = useAsync(
    (signal) => {
      const condition: Row = {};
      if (search) condition.bk_biz_name = search;
      if (archived) condition.bk_data_status = 'disabled';
      return esb<Page<Business>>('search_business', { condition, page: { start, limit: LIMIT, sort: 'bk_biz_id' } }, signal);
    },
    [search, archived, start],
  );
  const attr = (id: string): Attribute | undefined => attrs.data?.find((a) => a.bk_property_id === id);

  const setStatus = async (b: Business, flag: 'disabled' | 'enable') => {
    try {
      await esb('update_business_enable_status', { bk_biz_id: b.bk_biz_id, flag });
      notify(flag === 'disabled' ? `Business “${b.bk_biz_name}” archived` : `Business “${b.bk_biz_name}” restored`);
      q.reload();
    } catch (err) {
      notify(errorText(err), 'error');
    }
  };

  return (
    <section>
      <PageHeader title="Businesses" action={{ label: 'New business', onClick: () => setEditing('new') }} />
      <div className="filters">
        <SearchBox
          label="Search businesses by name"
          value={text}
          onChange={(t) => {
            setText(t);
            setStart(0);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={archived}
            onChange={(e) => {
              setArchived(e.target.checked);
              setStart(0);
            }}
          />
          Archived only
        </label>
      </div>
      <Loaded q={q} label="Loading businesses…">
        {(page) =>
          page.info.length === 0 ? (
            <Empty>
              {search ? `No business matches “${search}”.` : archived ? 'No archived business.' : 'No business yet: create the first one.'}
            </Empty>
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>ID</th>
                    <th>Name</th>
                    <th>Maintainers</th>
                    <th>Life cycle</th>
                    <th>Status</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {page.info.map((b) => {
                    const isArchived = b.bk_data_status === 'disabled';
                    return (
                      <tr key={b.bk_biz_id}>
                        <td className="num">{b.bk_biz_id}</td>
                        <td>{isArchived ? b.bk_biz_name : <Link to={`/businesses/${b.bk_biz_id}/topology`}>{b.bk_biz_name}</Link>}</td>
                        <td>{b.bk_biz_maintainer}</td>
                        <td>{display(attr('life_cycle'), b.life_cycle)}</td>
                        <td>{isArchived ? <Badge tone="grey">archived</Badge> : <Badge tone="green">active</Badge>}</td>
                        <td className="row-actions">
                          {!isArchived && (
                            <>
                              <Link to={`/businesses/${b.bk_biz_id}/topology`}>Topology</Link>
                              <Link to={`/hosts?biz=${b.bk_biz_id}`}>Hosts</Link>
                              <button type="button" onClick={() => setEditing(b)}>
                                Edit
                              </button>
                              <ConfirmButton label="Archive" confirm={`Archive “${b.bk_biz_name}”?`} onConfirm={() => setStatus(b, 'disabled')} />
                            </>
                          )}
                          {isArchived && (
                            <ConfirmButton tone="plain" label="Restore" confirm={`Restore “${b.bk_biz_name}”?`} onConfirm={() => setStatus(b, 'enable')} />
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pager start={start} limit={LIMIT} count={page.count} onChange={setStart} />
            </>
          )
        }
      </Loaded>
      {editing && (
        <Modal title={editing === 'new' ? 'New business' : `Edit “${editing.bk_biz_name}”`} onClose={() => setEditing(null)}>
          <InstanceForm
            objId="biz"
            mode={editing === 'new' ? 'create' : 'update'}
            initial={editing === 'new' ? { time_zone: 'Asia/Shanghai' } : editing}
            submitLabel={editing === 'new' ? 'Create' : 'Save'}
            onCancel={() => setEditing(null)}
            onSubmit={async (values) => {
              if (editing === 'new') {
                const b = await esb<Business>('create_business', { data: values });
                notify(`Business “${b.bk_biz_name}” created`);
              } else {
                if (Object.keys(values).length) await esb('update_business', { bk_biz_id: editing.bk_biz_id, data: values });
                notify(`Business “${editing.bk_biz_name}” saved`);
              }
              setEditing(null);
              q.reload();
            }}
          />
        </Modal>
      )}
    </section>
  );
}

/** The businesses a picker lists at once; past that it offers a name filter. */
const PICKER_LIMIT = 200;

/**
 * A select of the businesses, for the views that work inside one. With more than PICKER_LIMIT of them, a
 * name filter (search_business matches names in part) narrows the list, so every business can be reached.
 */
export function BusinessPicker({ value, onChange }: { value: number | undefined; onChange: (id: number) => void }) {
  const [text, setText] = useState('');
  const filter = useDebounced(text.trim());
  const q = useAsync(
    (signal) =>
      esb<Page<Business>>(
        'search_business',
        { condition: filter ? { bk_biz_name: filter } : {}, fields: ['bk_biz_id', 'bk_biz_name'], page: { start: 0, limit: PICKER_LIMIT, sort: 'bk_biz_name' } },
        signal,
      ),
    [filter],
  );
  // The filter stays once shown, even while its own search narrows the count below the limit.
  const [many, setMany] = useState(false);
  if (!many && q.data && q.data.count > PICKER_LIMIT) setMany(true);
  if (q.error) return <span className="field-error">{errorText(q.error)}</span>;
  const more = q.data && q.data.count > q.data.info.length ? q.data.count - q.data.info.length : 0;
  return (
    <span className="inline-field">
      {many && <SearchBox label="Find a business by name" placeholder="Find a business…" value={text} onChange={setText} />}
      <label>
        Business{' '}
        <select aria-label="Business" value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} disabled={!q.data}>
          <option value="" disabled>
            {q.data ? (q.data.count ? 'Choose a business…' : filter ? 'No business matches' : 'No business yet') : 'Loading…'}
          </option>
          {q.data?.info.map((b) => (
            <option key={b.bk_biz_id} value={b.bk_biz_id}>
              {b.bk_biz_name}
            </option>
          ))}
        </select>
      </label>
      {more > 0 && <span className="muted"> {more.toLocaleString()} more: narrow by name</span>}
    </span>
  );
}
