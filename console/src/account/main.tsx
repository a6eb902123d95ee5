import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AccountApp } from './AccountApp.tsx';
import './account.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AccountApp />
    </StrictMode>,
  );
}
