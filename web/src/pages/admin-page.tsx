// Admin: users and roles, units, the running config with reload (errors shown `file:line:col`),
// the holiday calendar of the year, and the audit log — one section each, switched by tabs.
import { useState } from 'react';
import { post } from '../api.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import type { Me } from '../session.ts';
import { LoadProblem, usePoll, when } from '../ui.tsx';
import { AdminUsers } from './admin-users.tsx';
import { HolidayCalendarView } from './holiday-calendar-view.tsx';

const TABS = ['users', 'units', 'config', 'holidays', 'audit'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, MessageKey> = {
  users: 'users',
  units: 'units',
  config: 'config',
  holidays: 'holidays',
  audit: 'audit',
};

export function AdminPage(_props: { me: Me }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('config');
  return (
    <div className="admin">
      <h1>{t('page.admin')}</h1>
      <div role="tablist" aria-label={t('page.admin')} className="tabs">
        {TABS.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`panel-${x}`}
            tabIndex={tab === x ? 0 : -1}
            onClick={() => setTab(x)}
            onKeyDown={(e) => {
              // The tabs pattern: arrows move along the row, Home/End to its ends.
              const i = TABS.indexOf(x);
              const to =
                e.key === 'ArrowRight'
                  ? TABS[(i + 1) % TABS.length]
                  : e.key === 'ArrowLeft'
                    ? TABS[(i + TABS.length - 1) % TABS.length]
                    : e.key === 'Home'
                      ? TABS[0]
                      : e.key === 'End'
                        ? TABS[TABS.length - 1]
                        : undefined;
              if (!to) return;
              e.preventDefault();
              setTab(to);
              document.getElementById(`tab-${to}`)?.focus();
            }}
          >
            {t(TAB_LABEL[x])}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="panel">
        {tab === 'users' && <AdminUsers />}
        {tab === 'units' && <Units />}
        {tab === 'config' && <Config />}
        {tab === 'holidays' && <HolidayCalendarView />}
        {tab === 'audit' && <Audit />}
      </section>
    </div>
  );
}

function Units() {
  const { t, language } = useI18n();
  const units = usePoll<{
    units: { id: string; name: Record<string, string>; head: string; members: string[]; email: string }[];
  }>('/api/units');
  return (
    <>
      <LoadProblem result={units.result} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('unit')}</th>
            <th scope="col">{t('members')}</th>
            <th scope="col">{t('contact')}</th>
          </tr>
        </thead>
        <tbody>
          {(units.data?.units ?? []).map((u) => (
            <tr key={u.id}>
              <td>
                {u.name[language] ?? u.id} <span className="muted">({u.id})</span>
              </td>
              <td>{[u.head, ...u.members.filter((m) => m !== u.head)].join(', ')}</td>
              <td>{u.email}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Config() {
  const { t } = useI18n();
  const config = usePoll<{ version: string }>('/api/config');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string; errors: string[] }>();
  const reload = async () => {
    const r = await post<{ version: string }>('/api/config/reload');
    if (r.ok) setOutcome({ ok: true, text: `${t('reloadOk')}: ${r.data.version}`, errors: [] });
    else {
      // 422 carries the errors, each `file:line:col message`.
      const listed = (r.body as { errors?: unknown } | undefined)?.errors;
      const errors = Array.isArray(listed) ? listed.map(String) : [r.message];
      setOutcome({ ok: false, text: t('reloadRejected'), errors });
    }
    void config.reload();
  };
  return (
    <>
      <LoadProblem result={config.result} />
      <p>
        {t('configVersion')}: <code data-testid="config-version">{config.data?.version ?? '—'}</code>
      </p>
      <button type="button" onClick={() => void reload()}>
        {t('reload')}
      </button>
      {outcome && (
        <div role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'problem'}>
          <p>{outcome.text}</p>
          {outcome.errors.length > 0 && (
            <ul data-testid="config-errors">
              {outcome.errors.map((e) => (
                <li key={e}>
                  <code>{e}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

function Audit() {
  const { t } = useI18n();
  const audit = usePoll<{
    entries: { id: string; at: string; actor: string; action: string; target?: string }[];
  }>('/api/audit?limit=100');
  return (
    <>
      <LoadProblem result={audit.result} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('who')}</th>
            <th scope="col">{t('what')}</th>
          </tr>
        </thead>
        <tbody>
          {(audit.data?.entries ?? []).map((e) => (
            <tr key={e.id}>
              <td>{when(e.at)}</td>
              <td>{e.actor}</td>
              <td>
                {e.action}
                {e.target ? ` ${e.target}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
