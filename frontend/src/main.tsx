import { render } from 'preact';
import { App } from './App';
import { loadConfig } from './config';
import { createI18n, loadLang } from './i18n';
import './styles.css';

const root = document.getElementById('app')!;

function ConfigError() {
  const i18n = createI18n(loadLang());
  document.documentElement.lang = i18n.lang;
  return (
    <main id="main" class="site-main">
      <h1>{i18n.t('error.title')}</h1>
      <p role="alert" class="alert alert-error">
        {i18n.t('error.config')}
      </p>
    </main>
  );
}

loadConfig().then(
  (config) => render(<App config={config} />, root),
  (err: unknown) => {
    console.error(err);
    render(<ConfigError />, root);
  },
);
