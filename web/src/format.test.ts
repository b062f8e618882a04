import { describe, expect, it } from 'vitest';
import { formatCell, formatFixed, formatNumber, formatPercent, machineNumber, roundData } from './format';

describe('formatNumber', () => {
  it('keeps every digit of the data, in the UI language', () => {
    expect(formatNumber(1457.87, 'en')).toBe('1,457.87');
    expect(formatNumber(1457.87, 'pt-BR')).toBe('1.457,87');
    expect(formatNumber(47.28046149011266, 'en')).toBe('47.2804614901127'); // 15 significant digits
    expect(formatNumber(0.000123456789012345, 'en')).toBe('0.000123456789012345');
    expect(formatNumber(16712, 'pt-BR')).toBe('16.712');
  });

  it('drops the float noise past 15 significant digits', () => {
    expect(formatNumber(126832.11999999994, 'en')).toBe('126,832.12');
    expect(formatNumber(0.1 + 0.2, 'pt-BR')).toBe('0,3');
    expect(formatNumber(39.519999999999996, 'en')).toBe('39.52');
    expect(formatNumber(-0, 'en')).toBe('0');
  });

  it('shows integers whole, even past 15 digits', () => {
    expect(formatNumber(9007199254740991, 'en')).toBe('9,007,199,254,740,991');
    expect(formatNumber(1234567890123456.7, 'en')).toBe('1,234,567,890,123,457');
  });

  it('switches to scientific notation only where plain digits would not fit', () => {
    expect(formatNumber(1.5e-9, 'en')).toBe('1.5E-9');
    expect(formatNumber(2.5e22, 'pt-BR')).toBe('2,5E22');
    expect(formatNumber(Infinity, 'en')).toBe('∞');
    expect(formatNumber(NaN, 'en')).toBe('NaN');
  });
});

describe('machine numbers and display figures', () => {
  it('writes plain numbers for files', () => {
    expect(machineNumber(126832.11999999994)).toBe('126832.12');
    expect(machineNumber(1457.87)).toBe('1457.87');
    expect(roundData(-17568.170000000002)).toBe(-17568.17);
  });

  it('formats shares and computed figures with few decimals', () => {
    expect(formatPercent(0.0667, 'en')).toBe('6.7%');
    expect(formatPercent(0.0667, 'pt-BR')).toBe('6,7%');
    expect(formatFixed(4.808333, 'pt-BR', 1)).toBe('4,8');
  });

  it('formats cells', () => {
    expect(formatCell(1457.87, 'pt-BR')).toBe('1.457,87');
    expect(formatCell('2025-01-02T03:04:05', 'en')).toBe('2025-01-02 03:04:05');
    expect(formatCell(null, 'en')).toBe('');
  });
});
