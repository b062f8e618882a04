// A deterministic fuzzing driver for targets written to libFuzzer's interface
// (LLVMFuzzerTestOneInput), so the same targets also run under libFuzzer or AFL++ where a clang
// toolchain that builds Sagaz exists. GCC has no coverage-guided engine; this driver mutates a seed
// corpus with a fixed seed for a time budget, which under AddressSanitizer and UBSan (make test's
// sanitized build) finds what a bad input does to memory. Written by hand: no Debian package offers
// a driver for GCC-built targets.
//
//   fuzz_target [--corpus DIR] [--lines FILE] [--dict FILE] [--seconds N] [--runs N] [--seed N]
//               [--max-len N]
//
// --corpus: every file is a seed; --lines: every line of a test-data file is one (of a .tsv the
// text after its first tab, of a .jsonl the "question" field); --dict: tokens, one per line, with
// \r, \n, \t, \\ and \xHH escapes.
//
// Every seed runs once, then mutations of seeds (bit flips, random bytes, inserted dictionary
// tokens, deleted, repeated and spliced ranges, nesting) until the time or the runs run out. When
// a sanitizer reports, the input that did it is written to fuzz-crash-<target>.bin in the working
// directory before the process exits.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
// From the sanitizer runtime, when linked (make test's sanitized build).
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*callback)());

namespace {

std::string g_name;
const std::string* g_current = nullptr;

void SaveCurrent() {
  if (!g_current) return;
  const std::string path = "fuzz-crash-" + g_name + ".bin";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(g_current->data(), 1, g_current->size(), f);
    std::fclose(f);
    std::fprintf(stderr, "fuzz: the input is in %s (%zu bytes)\n", path.c_str(), g_current->size());
  }
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    if (c == 'n') {
      out += '\n';
    } else if (c == 'r') {
      out += '\r';
    } else if (c == 't') {
      out += '\t';
    } else if (c == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// Seeds from a test-data file: a .tsv line's text after its first tab, a .jsonl line's
// "question" (JSON escapes other than \" left as they are: a seed need not be exact).
std::vector<std::string> LineSeeds(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  const bool jsonl = path.ends_with(".jsonl");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (jsonl) {
      const std::string key = "\"question\": \"";
      size_t at = line.find(key);
      if (at == std::string::npos) continue;
      at += key.size();
      std::string q;
      for (; at < line.size() && line[at] != '"'; ++at) {
        if (line[at] == '\\' && at + 1 < line.size()) ++at;
        q += line[at];
      }
      out.push_back(q);
    } else if (const size_t tab = line.find('\t'); tab != std::string::npos) {
      out.push_back(line.substr(tab + 1));
    } else {
      out.push_back(line);
    }
  }
  return out;
}

struct Options {
  std::vector<std::string> corpus_dirs;
  std::vector<std::string> line_files;
  std::string dict;
  double seconds = 10;
  uint64_t runs = UINT64_MAX;
  uint64_t seed = 20261207;
  size_t max_len = 64 << 10;
};

class Mutator {
 public:
  Mutator(uint64_t seed, std::vector<std::string> seeds, std::vector<std::string> tokens,
          size_t max_len)
      : rng_(seed), seeds_(std::move(seeds)), tokens_(std::move(tokens)), max_len_(max_len) {}

  std::string Next() {
    std::string s = seeds_[Pick(seeds_.size())];
    const int rounds = 1 + static_cast<int>(Pick(4));
    for (int i = 0; i < rounds; ++i) Mutate(s);
    if (s.size() > max_len_) s.resize(max_len_);
    return s;
  }

 private:
  size_t Pick(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  void Mutate(std::string& s) {
    const size_t at = Pick(s.size() + 1);
    switch (Pick(10)) {
      case 0:  // flip a bit
        if (!s.empty()) s[Pick(s.size())] ^= static_cast<char>(1 << Pick(8));
        break;
      case 1:  // a random byte
        if (!s.empty()) s[Pick(s.size())] = static_cast<char>(Pick(256));
        break;
      case 2:  // insert random bytes
        s.insert(at, std::string(1 + Pick(8), static_cast<char>(Pick(256))));
        break;
      case 3:  // delete a range
        if (!s.empty()) s.erase(Pick(s.size()), 1 + Pick(std::min<size_t>(s.size(), 32)));
        break;
      case 4:  // repeat a range
        if (!s.empty()) {
          const size_t from = Pick(s.size());
          const std::string piece = s.substr(from, 1 + Pick(std::min<size_t>(64, s.size() - from)));
          std::string repeated;
          for (size_t k = 0, n = 1 + Pick(64); k < n && repeated.size() < 4096; ++k)
            repeated += piece;
          s.insert(at, repeated);
        }
        break;
      case 5:  // a dictionary token
      case 6:
        if (!tokens_.empty()) s.insert(at, tokens_[Pick(tokens_.size())]);
        break;
      case 7: {  // splice another seed
        const std::string& other = seeds_[Pick(seeds_.size())];
        if (!other.empty()) {
          const size_t from = Pick(other.size());
          s.insert(at, other.substr(from, 1 + Pick(other.size() - from)));
        }
        break;
      }
      case 8: {  // deep nesting
        const char* open[] = {"[", "{\"a\":", "(", "((SELECT ", "\""};
        s.insert(at, std::string(Pick(2) ? 100 : 10000, open[Pick(5)][0]));
        break;
      }
      default:  // truncate
        s.resize(Pick(s.size() + 1));
        break;
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::string> seeds_;
  std::vector<std::string> tokens_;
  size_t max_len_;
};

}  // namespace

int main(int argc, char** argv) {
  g_name = std::filesystem::path(argv[0]).filename().string();
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--corpus") {
      o.corpus_dirs.push_back(value);
    } else if (flag == "--lines") {
      o.line_files.push_back(value);
    } else if (flag == "--dict") {
      o.dict = value;
    } else if (flag == "--seconds") {
      o.seconds = std::stod(value);
    } else if (flag == "--runs") {
      o.runs = std::stoull(value);
    } else if (flag == "--seed") {
      o.seed = std::stoull(value);
    } else if (flag == "--max-len") {
      o.max_len = std::stoull(value);
    } else {
      std::cerr << "fuzz: unknown option " << flag << "\n";
      return 2;
    }
  }
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(SaveCurrent);

  std::vector<std::string> seeds;
  for (const auto& dir : o.corpus_dirs) {
    if (!std::filesystem::is_directory(dir)) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) seeds.push_back(ReadFile(f));
  }
  for (const auto& file : o.line_files) {
    for (auto& seed : LineSeeds(file)) seeds.push_back(std::move(seed));
  }
  if (seeds.empty()) seeds.emplace_back();
  std::vector<std::string> tokens;
  if (!o.dict.empty()) {
    std::ifstream in(o.dict);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] != '#') tokens.push_back(Unescape(line));
    }
  }

  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(o.seconds);
  uint64_t runs = 0;
  auto run = [&](const std::string& input) {
    g_current = &input;
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    g_current = nullptr;
    ++runs;
  };
  for (const auto& s : seeds) run(s);
  Mutator mutator(o.seed, seeds, tokens, o.max_len);
  while (runs < o.runs && std::chrono::steady_clock::now() < deadline) run(mutator.Next());
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %llu inputs (%zu seeds) in %.1f s, no failure\n", g_name.c_str(),
              static_cast<unsigned long long>(runs), seeds.size(), took);
  return 0;
}
