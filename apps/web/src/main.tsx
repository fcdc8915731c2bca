import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createQueryClient } from './api/query-client';
import { AppProviders } from './app-providers';
import { initI18n } from './i18n/i18n';
import { routes } from './routes';
import './styles.css';

const container = document.getElementById('root');
if (!container) {
  throw new Error('#root element is missing from index.html');
}
const root = container;

void initI18n().then(() => {
  const router = createBrowserRouter(routes);
  createRoot(root).render(
    <StrictMode>
      <AppProviders client={createQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  );
});
