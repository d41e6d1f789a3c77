// Live service time this week against the cap (36 h by the centre's rules), as a meter.
import { useI18n } from '../i18n.ts';

export function WeeklyGauge(props: { seconds: number; capHours: number }) {
  const { t } = useI18n();
  const hours = props.seconds / 3600;
  const share = Math.min(1, hours / props.capHours);
  // Native meter: green below 90 % of the cap, amber above, red past it (low/high/optimum).
  return (
    <div className="gauge">
      <label htmlFor="weekly-gauge">{t('weeklyLiveTime')}</label>
      <meter
        id="weekly-gauge"
        min={0}
        max={props.capHours}
        low={props.capHours * 0.9}
        high={props.capHours * 0.99}
        optimum={0}
        value={Math.min(hours, props.capHours)}
      >
        {hours.toFixed(1)} h
      </meter>
      <span data-testid="weekly-hours" className={share >= 0.9 ? 'warn' : undefined}>
        {hours.toFixed(1)} h {t('ofCap')}
      </span>
    </div>
  );
}
