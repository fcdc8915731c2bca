import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** One row of the table: a dependency or service and its reported status. */
interface ComponentStatus {
  name: string;
  status: string;
}

type HealthState =
  | { kind: 'loading' }
  | { kind: 'loaded'; status: string; components: ComponentStatus[]; checkedAt: Date }
  | { kind: 'failed'; message: string; checkedAt: Date };

const REFRESH_MS = 10_000;

// The gateway's /health body is { status, ... } with per-component details
// under one of these keys; accept any of them so the page survives small
// changes to the health payload.
const COMPONENT_KEYS = ['components', 'checks', 'dependencies', 'services', 'details', 'info'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

function componentsOf(body: Record<string, unknown>): ComponentStatus[] {
  for (const key of COMPONENT_KEYS) {
    const group = body[key];
    if (Array.isArray(group)) {
      return group.filter(isRecord).map((entry, index) => ({
        name: text(entry.name, String(index + 1)),
        status: text(entry.status, 'unknown'),
      }));
    }
    if (isRecord(group)) {
      return Object.entries(group).map(([name, value]) => ({
        name,
        status: isRecord(value) ? text(value.status, 'unknown') : text(value, 'unknown'),
      }));
    }
  }
  return [];
}

async function fetchHealth(signal: AbortSignal): Promise<HealthState> {
  const checkedAt = new Date();
  try {
    // A degraded gateway may answer 503 with a JSON body; read it anyway.
    const response = await fetch('/health', { signal, headers: { accept: 'application/json' } });
    const body: unknown = await response.json();
    if (!isRecord(body) || typeof body.status !== 'string') {
      return { kind: 'failed', message: `HTTP ${response.status}: unexpected body`, checkedAt };
    }
    return { kind: 'loaded', status: body.status, components: componentsOf(body), checkedAt };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error), checkedAt };
  }
}

const KNOWN_STATUSES = new Set(['ok', 'up', 'degraded', 'down', 'error']);

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('health');
  const tone = status === 'ok' || status === 'up' ? 'ok' : status === 'degraded' ? 'warn' : 'bad';
  return (
    <span className={`badge badge-${tone}`}>
      {KNOWN_STATUSES.has(status) ? t(`statuses.${status}`) : status} <small>({status})</small>
    </span>
  );
}

function formatTime(date: Date, language: string): string {
  return date.toLocaleTimeString(language === 'en' ? 'en-GB' : 'ja-JP', { hour12: false });
}

export function HealthPanel() {
  const { t, i18n } = useTranslation('health');
  const [health, setHealth] = useState<HealthState>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      void fetchHealth(controller.signal).then((next) => {
        if (!controller.signal.aborted) {
          setHealth(next);
        }
      });
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, []);

  if (health.kind === 'loading') {
    return <p className="muted">{t('checking')}</p>;
  }
  if (health.kind === 'failed') {
    return <p className="error">{t('failed', { message: health.message, time: formatTime(health.checkedAt, i18n.language) })}</p>;
  }
  return (
    <>
      <p>
        {t('overall')} <StatusBadge status={health.status} />
        <span className="muted"> {t('checkedAt', { time: formatTime(health.checkedAt, i18n.language) })}</span>
      </p>
      {health.components.length > 0 && (
        <div className="data-table">
          <table aria-label={t('heading')}>
            <thead>
              <tr>
                <th scope="col">{t('component')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {health.components.map((component) => (
                <tr key={component.name}>
                  <td data-label={t('component')}>{component.name}</td>
                  <td data-label={t('status')}>
                    <StatusBadge status={component.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
