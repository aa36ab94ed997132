import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { StrictMode } from 'react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { AppRoutes } from '../../../src/app/AppRoutes';
import { createQueryClient } from '../../../src/lib/queryClient';

/** Shows where the router is, so tests can assert on navigation like a user reading the address bar. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/**
 * The real routes at `path`, with a fresh QueryClient made by the app's own factory. `strict`
 * renders under StrictMode as main.tsx does, so effects run twice as in development.
 */
export function renderApp(path: string, options: { strict?: boolean } = {}) {
  const client = createQueryClient();
  const tree = (
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </QueryClientProvider>
  );
  const view = render(options.strict ? <StrictMode>{tree}</StrictMode> : tree);
  return { ...view, client };
}
