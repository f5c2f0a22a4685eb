import { useState, type FormEvent } from 'react';
import { checkToken, errorText, session } from '../api';

/**
 * Sign-in with a user's access token (`npm run cli -- tokens add <user>`, or TOPOGRAPH_ADMIN_TOKEN for
 * admin). The token is checked with one read before it is kept, in sessionStorage only.
 */
export function SignIn({ reason }: { reason: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) {
      setError('Paste your access token.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await checkToken(t);
      session.signIn(t);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form onSubmit={submit} className="card" noValidate>
        <h1>Topograph</h1>
        <p className="muted">Sign in with your access token.</p>
        {reason && (
          <div className={`state ${/signed out\.$/.test(reason) ? 'info' : 'error'}`} role={/signed out\.$/.test(reason) ? 'status' : 'alert'}>
            {reason}
          </div>
        )}
        <div className={`field ${error ? 'has-error' : ''}`}>
          <label htmlFor="token">Access token</label>
          <input
            id="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'token-error' : undefined}
          />
          {error && (
            <div className="field-error" id="token-error" role="alert">
              {error}
            </div>
          )}
          <div className="hint">
            Made by <code>npm run cli -- tokens add &lt;user&gt;</code>; the administrator&apos;s is <code>TOPOGRAPH_ADMIN_TOKEN</code>. It is
            kept in this tab only and sent to this server alone.
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </div>
      </form>
    </div>
  );
}
