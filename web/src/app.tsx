// The shell: who is signed in, their language, the menu of the pages their roles may open, and
// the page for the current path (or "not allowed" when the role may not see it).
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { PAGE_PATHS, type Page } from '../../src/webapp/page-paths.ts';
import { setSignedOutHandler } from './api.ts';
import { I18nContext, isLanguage, LANGUAGES, type Language, translator, useI18n } from './i18n.ts';
import { AdminPage } from './pages/admin-page.tsx';
import { DeskPage } from './pages/desk-page.tsx';
import { InboxPage } from './pages/inbox-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { ReportsPage } from './pages/reports-page.tsx';
import { WallboardPage } from './pages/wallboard-page.tsx';
import { navigate, usePath } from './router.ts';
import { currentSession, homePage, type Me, mayOpen, PAGE_ROLES, signOut } from './session.ts';

type AppPage = Exclude<Page, 'login'>;
const PAGES: Record<AppPage, (props: { me: Me }) => ReactNode> = {
  desk: DeskPage,
  inbox: InboxPage,
  wallboard: WallboardPage,
  reports: ReportsPage,
  admin: AdminPage,
};

function pageFor(path: string): Page | undefined {
  const entry = Object.entries(PAGE_PATHS).find(([, p]) => path === p || path.startsWith(`${p}/`));
  return entry?.[0] as Page | undefined;
}

function storedLanguage(): Language {
  const s = localStorage.getItem('cagri.language');
  if (isLanguage(s)) return s;
  const nav = navigator.language.slice(0, 2);
  return isLanguage(nav) ? nav : 'az';
}

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [language, setLanguage] = useState<Language>(storedLanguage);
  useEffect(() => {
    setSignedOutHandler(() => setMe(null));
    void currentSession().then((m) => setMe(m ?? null));
  }, []);
  // The person's own language wins once signed in.
  useEffect(() => {
    if (me) setLanguage(me.language);
  }, [me]);
  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem('cagri.language', language);
  }, [language]);
  const i18n = useMemo(() => ({ language, t: translator(language) }), [language]);
  const page = pageFor(path);

  useEffect(() => {
    if (me === null && page !== 'login') navigate(PAGE_PATHS.login, true);
    if (me && (page === 'login' || path === '/')) navigate(homePage(me), true);
  }, [me, page, path]);

  // A page change moves focus to the content, so keyboard and screen-reader users start there.
  const firstPath = useRef(path);
  useEffect(() => {
    if (path !== firstPath.current) document.getElementById('main')?.focus();
  }, [path]);

  const onSignedIn = useCallback((m: Me) => setMe(m), []);
  let body: ReactNode;
  if (me === undefined) body = <p role="status">{i18n.t('loading')}</p>;
  else if (me === null || page === 'login' || page === undefined)
    body = <LoginPage onSignedIn={onSignedIn} language={language} onLanguage={setLanguage} />;
  else if (!mayOpen(me, page)) body = <NotAllowed />;
  else {
    const Current = PAGES[page];
    body = <Current me={me} />;
  }
  return (
    <I18nContext.Provider value={i18n}>
      <a className="skip" href="#main">
        {i18n.t('skipToContent')}
      </a>
      {me && (
        <Header
          me={me}
          current={page}
          language={language}
          onLanguage={setLanguage}
          onSignOut={() => void signOut().then(() => setMe(null))}
        />
      )}
      <main id="main" tabIndex={-1}>
        {body}
      </main>
    </I18nContext.Provider>
  );
}

function Header(props: {
  me: Me;
  current: Page | undefined;
  language: Language;
  onLanguage: (l: Language) => void;
  onSignOut: () => void;
}) {
  const { t } = useI18n();
  const pages = (Object.keys(PAGE_ROLES) as AppPage[]).filter((p) => mayOpen(props.me, p));
  return (
    <header className="top">
      <span className="brand">{t('appName')}</span>
      <nav aria-label="pages">
        <ul>
          {pages.map((p) => (
            <li key={p}>
              <a
                href={PAGE_PATHS[p]}
                aria-current={props.current === p ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(PAGE_PATHS[p]);
                }}
              >
                {t(`page.${p}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span className="who">{props.me.displayName}</span>
      <label className="lang">
        <span className="sr-only">{t('language')}</span>
        <select value={props.language} onChange={(e) => props.onLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={props.onSignOut}>
        {t('signOut')}
      </button>
    </header>
  );
}

function NotAllowed() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="not-allowed">
      <h1 id="not-allowed">{t('notAllowed')}</h1>
      <p>{t('notAllowedText')}</p>
    </section>
  );
}
