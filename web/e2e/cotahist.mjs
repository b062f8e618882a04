// Writes a small B3 COTAHIST file (the fixed-width "Séries Históricas" layout, 245 characters a
// line) from the B3 quote CSVs in shared/data/b3 (one file per ticker: dia, cod_bdi, cod_neg,
// tp_merc, ..., pre_abe, pre_max, pre_min, pre_med, pre_ult, ..., qua_tot, vol_tot, ..., fat_cot).
// The e2e test uploads it as a user would upload a file downloaded from B3.
import fs from 'node:fs';
import path from 'node:path';

const cents = (v) => String(Math.round(Number(v) * 100)).padStart(13, '0');
const num = (v, width) => String(Math.round(Number(v) || 0)).padStart(width, '0');
const text = (v, width) => String(v ?? '').slice(0, width).padEnd(width, ' ');

/** One quote line (type 01) from a CSV row of the B3 export. */
export function cotahistLine(row) {
  const line =
    '01' +
    row.dia.replaceAll('-', '') +
    text(row.cod_bdi, 2) +
    text(row.cod_neg, 12) +
    num(row.tp_merc, 3) +
    text(row.nom_res, 12) +
    text(row.especi, 10) +
    text('', 3) +
    text('R$', 4) +
    cents(row.pre_abe) +
    cents(row.pre_max) +
    cents(row.pre_min) +
    cents(row.pre_med) +
    cents(row.pre_ult) +
    cents(row.pre_ofc) +
    cents(row.pre_ofv) +
    num(row.tot_neg, 5) +
    num(row.qua_tot, 18) +
    num(Number(row.vol_tot) * 100, 18) +
    num(0, 13) +
    '0' +
    '99991231' +
    num(row.fat_cot || 1, 7) +
    num(0, 13) +
    text(row.cod_isi, 12) +
    num(row.dis_mes, 3);
  if (line.length !== 245) throw new Error(`COTAHIST line of ${line.length} characters for ${row.cod_neg} ${row.dia}`);
  return line;
}

/** The last `days` rows of each ticker's CSV in `dir`, as one COTAHIST file at `out`. Returns its path. */
export function writeCotahist(dir, tickers, days, out) {
  const lines = ['00COTAHIST.2017BOVESPA 20171229'.padEnd(245, ' ')];
  for (const ticker of tickers) {
    const [header, ...rows] = fs.readFileSync(path.join(dir, `${ticker}.csv`), 'utf8').trim().split('\n');
    const names = header.split(',');
    for (const r of rows.slice(-days)) {
      const cells = r.split(',');
      lines.push(cotahistLine(Object.fromEntries(names.map((n, i) => [n, cells[i]]))));
    }
  }
  lines.push('99COTAHIST.2017BOVESPA 20171229'.padEnd(245, ' '));
  fs.writeFileSync(out, lines.join('\r\n') + '\r\n', 'latin1');
  return out;
}
