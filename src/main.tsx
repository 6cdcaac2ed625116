import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App, createQueryClient, createRoutes } from './app';
import './styles.css';

const queryClient = createQueryClient();
const router = createBrowserRouter(createRoutes(queryClient), {
  basename: import.meta.env.BASE_URL.replace(/\/$/, '') || '/',
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} router={router} />
  </StrictMode>,
);
