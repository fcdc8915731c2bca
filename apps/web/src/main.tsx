import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { SessionProvider } from './auth/session-context';
import './styles.css';

const container = document.getElementById('root');
if (!container) {
  throw new Error('#root element is missing from index.html');
}
createRoot(container).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
