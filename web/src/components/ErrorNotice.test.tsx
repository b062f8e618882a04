import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import '../i18n';
import i18n from '../i18n';
import { ApiError } from '../api/errors';
import { ErrorNotice, KNOWN_ERROR_CODES } from './ErrorNotice';

describe('ErrorNotice', () => {
  it('explains a refused query with its rule, not JSON', async () => {
    await i18n.changeLanguage('en');
    const error = new ApiError(403, 'permission_denied', 'COPY statements are not allowed; only read-only SELECT', {
      rule: 'select_only',
    }, 'req42');
    const { container } = render(<ErrorNotice error={error} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Not allowed');
    expect(screen.getByText(/COPY statements are not allowed/)).toBeInTheDocument();
    expect(screen.getByText(/Rule: read-only SELECT only \(select_only\)\./)).toBeInTheDocument();
    expect(screen.getByText('Request req42')).toBeInTheDocument();
    expect(container.textContent).not.toContain('{');
  });

  it('speaks Portuguese', async () => {
    await i18n.changeLanguage('pt-BR');
    render(<ErrorNotice error={new ApiError(0, 'network', '')} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Não foi possível falar com o servidor');
    await act(() => i18n.changeLanguage('en'));
  });

  it('has words for every error code of the contract, in both languages', async () => {
    for (const lang of ['en', 'pt-BR']) {
      await i18n.changeLanguage(lang);
      for (const code of KNOWN_ERROR_CODES) {
        expect(i18n.exists(`errors.${code}.title`), `${lang} ${code}`).toBe(true);
        expect(i18n.exists(`errors.${code}.hint`), `${lang} ${code}`).toBe(true);
      }
    }
    await act(() => i18n.changeLanguage('en'));
  });

  it('says when to retry after too many attempts', () => {
    render(<ErrorNotice error={new ApiError(429, 'rate_limited', 'too many login attempts', {}, undefined, 12)} />);
    expect(screen.getByText('Try again in 12 s.')).toBeInTheDocument();
  });
});
