// Sign in with a username and password; the language can be chosen before signing in.
import { type FormEvent, useState } from 'react';
import { LANGUAGES, type Language, useI18n } from '../i18n.ts';
import { type Me, signIn } from '../session.ts';
import { Problem } from '../ui.tsx';

export function LoginPage(props: {
  onSignedIn: (me: Me) => void;
  language: Language;
  onLanguage: (l: Language) => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await signIn(username.trim(), password);
    setBusy(false);
    if (r.ok) props.onSignedIn(r.me);
    else setProblem(`${t('signInFailed')}: ${r.message}`);
  };
  return (
    <section className="login" aria-labelledby="login-title">
      <h1 id="login-title">
        {t('appName')} — {t('signIn')}
      </h1>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label>
          {t('language')}
          <select value={props.language} onChange={(e) => props.onLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <Problem message={problem} />
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </section>
  );
}
