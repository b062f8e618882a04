import { describe, expect, it } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18n from '../i18n';
import { DataGrid } from './DataGrid';
import { Histogram } from './Histogram';

describe('DataGrid', () => {
  const columns = [
    { name: 'status', type: 'VARCHAR' },
    { name: 'n', type: 'BIGINT' },
  ];

  it('shows names, types, numbers and NULL', () => {
    render(<DataGrid columns={columns} rows={[['Complete', 16712], [null, 3]]} />);
    expect(screen.getByRole('columnheader', { name: /status VARCHAR/ })).toBeInTheDocument();
    expect(screen.getByText('16,712')).toHaveClass('num');
    expect(screen.getByText('NULL')).toBeInTheDocument();
  });

  it('shows every digit of the data and no float noise, in the UI language', async () => {
    const money = [
      { name: 'price', type: 'DOUBLE' },
      { name: 'total', type: 'DOUBLE' },
    ];
    const { unmount } = render(<DataGrid columns={money} rows={[[1457.87, 126832.11999999994]]} />);
    expect(screen.getByText('1,457.87')).toBeInTheDocument();
    expect(screen.getByText('126,832.12')).toBeInTheDocument();
    unmount();
    await act(() => i18n.changeLanguage('pt-BR'));
    render(<DataGrid columns={money} rows={[[1457.87, 126832.11999999994]]} />);
    expect(screen.getByText('1.457,87')).toBeInTheDocument();
    expect(screen.getByText('126.832,12')).toBeInTheDocument();
    await act(() => i18n.changeLanguage('en'));
  });

  it('pages long results', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => [`s${i}`, i]);
    render(<DataGrid columns={columns} rows={rows} pageSize={100} />);
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Page 2 of 3')).toBeInTheDocument();
    const body = screen.getAllByRole('rowgroup')[1];
    expect(within(body).getByText('s100')).toBeInTheDocument();
  });
});

describe('Histogram', () => {
  it('draws one bar per bin with a readable label', () => {
    const { container } = render(
      <Histogram
        lang="en"
        label="Histogram of price"
        bins={[
          { lower: 0, upper: 10, count: 5 },
          { lower: 10, upper: 20, count: 0 },
          { lower: 20, upper: 30, count: 10 },
        ]}
      />,
    );
    expect(container.querySelectorAll('rect')).toHaveLength(3);
    expect(screen.getByRole('img')).toHaveAttribute('aria-label', 'Histogram of price: 0 – 30');
  });
});
