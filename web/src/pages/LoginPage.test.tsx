import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { ApiClient } from '../api/client';
import { App } from '../App';
import { fakeFetch, memoryStorage, renderWithApp } from '../test/render';

const tokens = {
  access_token: 'access-1',
  refresh_token: 'refresh-1',
  expires_in: 900,
  token_type: 'Bearer',
  user: { username: 'ana', role: 'analyst' },
};

function server(options: { anonymous?: boolean } = {}) {
  return fakeFetch(({ method, url, headers, body }) => {
    if (method === 'POST' && url === '/api/v1/auth/login') {
      const b = body as { username: string; password: string };
      if (b.username === 'ana' && b.password === 'secret') return { body: tokens };
      return { status: 401, body: { error: { code: 'unauthenticated', message: 'wrong user name or password' } } };
    }
    if (url === '/api/v1/auth/me') {
      if (headers.Authorization === 'Bearer access-1') return { body: { username: 'ana', role: 'analyst', auth: 'jwt' } };
      if (options.anonymous) return { body: { username: null, role: 'viewer', auth: 'anonymous' } };
      return { status: 401, body: { error: { code: 'unauthenticated', message: 'a token is required' } } };
    }
    if (url.startsWith('/api/v1/datasets')) return { body: { datasets: [], next_cursor: null } };
    return undefined;
  });
}

function app(fetch: ReturnType<typeof fakeFetch>, path: string) {
  const client = new ApiClient({ fetch, storage: memoryStorage(), eventSource: null });
  return renderWithApp(
    <Routes>
      <Route path="*" element={<App />} />
    </Routes>,
    { client, path },
  );
}

describe('login', () => {
  it('sends people without a session to the login form, then back where they were going', async () => {
    app(server(), '/data');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('User name'), 'ana');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByTestId('current-user')).toHaveTextContent('ana');
    expect(await screen.findByRole('heading', { name: 'Data', level: 1 })).toBeInTheDocument();
  });

  it('says plainly when the password is wrong', async () => {
    app(server(), '/login');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('User name'), 'ana');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That user name and password do not match');
  });

  it('lets anonymous viewers read and offers to log in', async () => {
    app(server({ anonymous: true }), '/data');
    expect(await screen.findByRole('heading', { name: 'Data', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Read-only')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login?next=%2Fdata');
    // Loading data needs an analyst.
    expect(screen.getByRole('button', { name: 'Choose files' })).toBeDisabled();
  });

  it('works without auth routes (an older server) and lets everything through', async () => {
    const fetch = fakeFetch(({ url }) =>
      url.startsWith('/api/v1/datasets') ? { body: { datasets: [], next_cursor: null } } : undefined,
    );
    app(fetch, '/data');
    expect(await screen.findByRole('heading', { name: 'Data', level: 1 })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Choose files' })).toBeEnabled());
  });
});
