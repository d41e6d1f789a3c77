// The call just connected: who, in which language, why (menu path and reason), the appeal number
// they keyed, whether it is a callback and why, and the number's recent calls and open appeals.
import { labelOf, useI18n } from '../i18n.ts';
import { when } from '../ui.tsx';
import type { ScreenPop } from './desk-types.ts';

export function ScreenPopPanel(props: { pop: ScreenPop | undefined }) {
  const { t } = useI18n();
  const pop = props.pop;
  return (
    <section
      aria-labelledby="pop-title"
      aria-live="polite"
      data-testid="screen-pop"
      className={`panel pop${pop?.urgent ? ' urgent' : ''}`}
    >
      <h2 id="pop-title">
        {t('screenPop')}
        {pop?.urgent && <span className="urgent-badge"> {t('urgent')}</span>}
      </h2>
      {!pop && <p>{t('noCall')}</p>}
      {pop && (
        <>
          <dl className="facts">
            <dt>{t('number')}</dt>
            <dd data-testid="pop-number">{pop.callerNumber}</dd>
            <dt>{t('language')}</dt>
            <dd>{pop.language}</dd>
            <dt>{t('reason')}</dt>
            <dd data-testid="pop-reason">{pop.reason}</dd>
            <dt>{t('menuPath')}</dt>
            <dd>{pop.menuPath.join(' › ') || '—'}</dd>
            <dt>{t('appealNumber')}</dt>
            <dd data-testid="pop-appeal">{pop.appealNumber ?? '—'}</dd>
            <dt>{t('callback')}</dt>
            <dd>{pop.callback ? `${t('yes')}: ${pop.callback.why}` : t('no')}</dd>
          </dl>
          <h3>{t('recentCalls')}</h3>
          {pop.recentCalls.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <ul>
              {pop.recentCalls.map((c) => (
                <li key={c.id}>
                  {when(c.startedAt)} — {c.outcome ?? '…'}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('openAppeals')}</h3>
          {pop.openAppeals.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <ul>
              {pop.openAppeals.map((a) => (
                <li key={a.regNo}>
                  {a.regNo} — {labelOf(t, 'status', a.status)} — {t('deadline')} {when(a.deadline, false)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
