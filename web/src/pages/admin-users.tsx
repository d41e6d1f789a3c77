// Admin › users: every account with its roles (changed in place), and a form to add one. The
// server checks the rules (operator needs operatorId, unit member a unit, the password rule).
import { type FormEvent, useState } from 'react';
import { api, post } from '../api.ts';
import { LANGUAGES, type Language, useI18n } from '../i18n.ts';
import type { Role } from '../session.ts';
import { LoadProblem, Problem, usePoll } from '../ui.tsx';

const ROLES: readonly Role[] = ['operator', 'supervisor', 'unit', 'admin'];

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  operatorId: string | null;
  unitIds: string[];
  disabled: boolean;
}

export function AdminUsers() {
  const { t } = useI18n();
  const users = usePoll<{ users: UserRow[] }>('/api/users');
  const [problem, setProblem] = useState<string>();
  const toggle = async (u: UserRow, role: Role) => {
    const roles = u.roles.includes(role) ? u.roles.filter((r) => r !== role) : [...u.roles, role];
    const r = await api('PATCH', `/api/users/${u.id}`, { roles });
    setProblem(r.ok ? undefined : `${u.username}: ${r.message}`);
    void users.reload();
  };
  return (
    <>
      <LoadProblem result={users.result} />
      <Problem message={problem} />
      <table data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{t('username')}</th>
            <th scope="col">{t('name')}</th>
            {ROLES.map((r) => (
              <th key={r} scope="col">
                {r}
              </th>
            ))}
            <th scope="col">{t('operator')}</th>
            <th scope="col">{t('units')}</th>
          </tr>
        </thead>
        <tbody>
          {(users.data?.users ?? []).map((u) => (
            <tr key={u.id} className={u.disabled ? 'muted' : undefined}>
              <th scope="row">{u.username}</th>
              <td>{u.displayName}</td>
              {ROLES.map((r) => (
                <td key={r}>
                  <input
                    type="checkbox"
                    aria-label={`${u.username}: ${r}`}
                    checked={u.roles.includes(r)}
                    onChange={() => void toggle(u, r)}
                  />
                </td>
              ))}
              <td>{u.operatorId ?? '—'}</td>
              <td>{u.unitIds.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUserForm onCreated={() => void users.reload()} />
    </>
  );
}

function NewUserForm(props: { onCreated: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['operator']);
  const [operatorId, setOperatorId] = useState('');
  const [unitIds, setUnitIds] = useState('');
  const [language, setLanguage] = useState<Language>('az');
  const [problem, setProblem] = useState<string>();
  const [created, setCreated] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await post('/api/users', {
      username,
      ...(displayName.trim() ? { displayName } : {}),
      password,
      roles,
      ...(operatorId.trim() ? { operatorId: operatorId.trim() } : {}),
      unitIds: unitIds
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      language,
    });
    if (!r.ok) return setProblem(r.message);
    setProblem(undefined);
    setCreated(username);
    setPassword('');
    props.onCreated();
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="form-grid new-user" aria-labelledby="new-user">
      <h3 id="new-user" className="wide">
        {t('addUser')}
      </h3>
      <label>
        {t('username')}
        <input name="new-username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('name')}
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <label>
        {t('password')}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label>
        {t('language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="wide roles">
        <legend>{t('roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              checked={roles.includes(r)}
              onChange={() => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r])}
            />
            {r}
          </label>
        ))}
      </fieldset>
      <label>
        {t('operator')} (queues.yaml)
        <input value={operatorId} placeholder="op1" onChange={(e) => setOperatorId(e.target.value)} />
      </label>
      <label>
        {t('units')} (units.yaml)
        <input value={unitIds} placeholder="social, housing" onChange={(e) => setUnitIds(e.target.value)} />
      </label>
      <Problem message={problem} />
      {created && (
        <p role="status" className="ok">
          {t('saved')}: {created}
        </p>
      )}
      <button type="submit">{t('addUser')}</button>
    </form>
  );
}
