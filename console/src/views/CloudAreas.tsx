import { useState, type FormEvent } from 'react';
import { esb, errorText, type Page, type Row } from '../api';
import { attributesOf, display, InstanceForm } from '../model';
import { Badge, ConfirmButton, Empty, Loaded, Modal, PageHeader, Pager, SearchBox, useAsync, useDebounced, useNotify } from '../ui';

interface CloudArea extends Row {
  bk_cloud_id: number;
  bk_cloud_name: string;
  bk_status: string | null;
  bk_cloud_vendor: string | null;
  bk_region: string | null;
  bk_creator: string | null;
  default: number;
}

const LIMIT = 50;

/** Cloud areas: list, create, rename, delete. Area 0 is built in. */
export function CloudAreas() {
  const notify = useNotify();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim());
  const [start, setStart] = useState(0);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<number>();
  const attrs = useAsync(() => attributesOf('plat'), []);
  const q = useAsync(
    (signal) =>
      esb<Page<CloudArea>>(
        'search_cloud_area',
        { condition: search ? { bk_cloud_name: search } : {}, is_fuzzy: true, page: { start, limit: LIMIT, sort: 'bk_cloud_id' } },
        signal,
      ),
    [search, start],
  );
  const attr = (id: string) => attrs.data?.find((a) => a.bk_property_id === id);

  return (
    <section>
      <PageHeader title="Cloud areas" action={{ label: 'New cloud area', onClick: () => setCreating(true) }} />
      <div className="filters">
        <SearchBox
          label="Search cloud areas by name"
          value={text}
          onChange={(t) => {
            setText(t);
            setStart(0);
          }}
        />
      </div>
      <Loaded q={q} label="Loading cloud areas…">
        {(page) =>
          page.info.length === 0 ? (
            <Empty>{search ? `No cloud area matches “${search}”.` : 'No cloud area.'}</Empty>
          ) : (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>ID</th>
                    <th>Name</th>
                    <th>Status</th>
                    <th>Vendor</th>
                    <th>Region</th>
                    <th>Creator</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {page.info.map((c) => {
                    const builtin = c.bk_cloud_id === 0;
                    return (
                      <tr key={c.bk_cloud_id}>
                        <td className="num">{c.bk_cloud_id}</td>
                        <td>
                          {renaming === c.bk_cloud_id ? (
                            <RenameCloud
                              area={c}
                              onDone={(name) => {
                                setRenaming(undefined);
                                if (name) {
                                  notify(`Cloud area renamed to “${name}”`);
                                  q.setData((p) => p && { ...p, info: p.info.map((x) => (x.bk_cloud_id === c.bk_cloud_id ? { ...x, bk_cloud_name: name } : x)) });
                                }
                              }}
                            />
                          ) : (
                            <>
                              {c.bk_cloud_name} {builtin && <Badge tone="blue">built in</Badge>}
                            </>
                          )}
                        </td>
                        <td>{c.bk_status === '2' ? <Badge tone="red">{display(attr('bk_status'), c.bk_status)}</Badge> : <Badge tone="green">{display(attr('bk_status'), c.bk_status) || 'normal'}</Badge>}</td>
                        <td>{display(attr('bk_cloud_vendor'), c.bk_cloud_vendor)}</td>
                        <td>{c.bk_region}</td>
                        <td>{c.bk_creator}</td>
                        <td className="row-actions">
                          {!builtin && renaming !== c.bk_cloud_id && (
                            <>
                              <button type="button" onClick={() => setRenaming(c.bk_cloud_id)} aria-label={`Rename cloud area ${c.bk_cloud_name}`}>
                                Rename
                              </button>
                              <ConfirmButton
                                label="Delete"
                                confirm={`Delete “${c.bk_cloud_name}”?`}
                                onConfirm={async () => {
                                  try {
                                    await esb('delete_cloud_area', { bk_cloud_id: c.bk_cloud_id });
                                    notify(`Cloud area “${c.bk_cloud_name}” deleted`);
                                    q.reload();
                                  } catch (err) {
                                    notify(errorText(err), 'error');
                                  }
                                }}
                              />
                            </>
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
      {creating && (
        <Modal title="New cloud area" onClose={() => setCreating(false)}>
          <InstanceForm
            objId="plat"
            mode="create"
            submitLabel="Create"
            onCancel={() => setCreating(false)}
            onSubmit={async (values) => {
              await esb('create_cloud_area', values);
              notify(`Cloud area “${String(values.bk_cloud_name)}” created`);
              setCreating(false);
              q.reload();
            }}
          />
        </Modal>
      )}
    </section>
  );
}

function RenameCloud({ area, onDone }: { area: CloudArea; onDone: (name?: string) => void }) {
  const [name, setName] = useState(area.bk_cloud_name);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name === area.bk_cloud_name) return onDone();
    setBusy(true);
    setError(undefined);
    try {
      await esb('update_cloud_area', { bk_cloud_id: area.bk_cloud_id, bk_cloud_name: name });
      onDone(name);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <form className="rename" onSubmit={submit} noValidate>
      <input aria-label={`New name of cloud area ${area.bk_cloud_name}`} value={name} autoFocus disabled={busy} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && onDone()} />
      <button type="submit" className="primary" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={() => onDone()} disabled={busy}>
        Cancel
      </button>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
