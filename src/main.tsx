import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** Placeholder shell; the dashboard UI replaces it. */
function App() {
  return (
    <main>
      <h1>roomwatch</h1>
      <p>The BFF is running. The dashboard UI is on its way.</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
