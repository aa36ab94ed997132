import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../support/ui/api';
import { renderApp } from '../../../support/ui/render';
import { stubApi } from '../../../support/ui/api';

describe('sign-in with the identity provider', () => {
  it('offers "Sign in with <name>" going to the BFF login, back to where the person was', async () => {
    stubApi({ 'GET /auth/sign-in-options': ok({ oidc: { displayName: 'Okta', available: true } }) });
    renderApp('/signin?reason=session&returnTo=%2Fcalls');
    const link = await screen.findByRole('link', { name: 'Sign in with Okta' });
    expect(link).toHaveAttribute('href', '/auth/login?returnTo=%2Fcalls');
    expect(screen.queryByText('npm start')).not.toBeInTheDocument();
  });

  it('says so when the identity provider cannot be reached, instead of a button into it', async () => {
    stubApi({ 'GET /auth/sign-in-options': ok({ oidc: { displayName: 'Okta', available: false } }) });
    renderApp('/signin');
    expect(await screen.findByRole('alert')).toHaveTextContent('The identity provider (Okta) cannot be reached right now');
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
  });

  it('keeps the demo explanation when no identity provider is configured', async () => {
    stubApi({ 'GET /auth/sign-in-options': ok({ oidc: null }) });
    renderApp('/signin');
    expect(await screen.findByText('npm start')).toBeInTheDocument();
  });
});
