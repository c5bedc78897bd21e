import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bus } from './services/events';
import { onLinesCleared } from './services/notifications';

// Registered once, at start-up: the bus keeps this very function.
bus.on('lines', onLinesCleared);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
