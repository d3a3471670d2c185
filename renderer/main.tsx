// Entry point of the renderer: routes main's events to the stores and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { startEventRouting } from './stores/events.js';
import './styles/base.css';
import './styles/views.css';
import './styles/player.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

startEventRouting();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
