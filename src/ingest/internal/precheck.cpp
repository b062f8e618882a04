// Streaming checks of a file's bytes before DuckDB reads it. Written by hand: they count brackets
// and delimiters, which no parser does without building what it parses.
#include "ingest/internal/precheck.hpp"

#include <zlib.h>

#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/strings.hpp"

namespace sagaz::ingest::internal {
namespace {

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Reads a file in chunks as DuckDB will: decompressed through zlib when its name ends in .gz
// (DuckDB decides compression by the name, never by the content), as it is otherwise.
class ChunkReader {
 public:
  static Result<ChunkReader> Open(const std::filesystem::path& path) {
    ChunkReader r;
    if (ToLower(path.string()).ends_with(".gz")) {
      r.gz_.reset(gzopen(path.c_str(), "rb"));
      if (r.gz_) gzbuffer(r.gz_.get(), 1 << 17);
    } else {
      r.plain_.reset(std::fopen(path.c_str(), "rb"));
    }
    if (!r.gz_ && !r.plain_) return Fail(ErrorCode::kNotFound, "cannot open the file");
    return r;
  }
  // The next chunk; empty at the end of the file.
  Result<std::string_view> Next() {
    size_t n = 0;
    if (gz_) {
      const int got = gzread(gz_.get(), buffer_.data(), static_cast<unsigned>(buffer_.size()));
      if (got < 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the file cannot be read as gzip (is it damaged?)");
      }
      n = static_cast<size_t>(got);
    } else {
      n = std::fread(buffer_.data(), 1, buffer_.size(), plain_.get());
      if (n == 0 && std::ferror(plain_.get())) return Fail(ErrorCode::kIo, "cannot read the file");
    }
    offset_ += n;
    return std::string_view(buffer_.data(), n);
  }
  // Bytes returned before the current chunk.
  uint64_t ChunkStart(std::string_view chunk) const { return offset_ - chunk.size(); }

 private:
  ChunkReader() : buffer_(1 << 16) {}
  std::unique_ptr<gzFile_s, GzCloser> gz_;
  std::unique_ptr<std::FILE, FileCloser> plain_;
  std::vector<char> buffer_;
  uint64_t offset_ = 0;
};

bool Unchecked(const std::filesystem::path& path) {
  return ToLower(path.string()).ends_with(".zst");
}

bool IsBlank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

Error BlankFile() {
  return Error(ErrorCode::kInvalidArgument,
               "the file has no data: it holds nothing but blank lines");
}

Error TooWide(int64_t fields, int64_t max_columns, std::string_view where) {
  return Error(ErrorCode::kInvalidArgument,
               "the file has " + std::to_string(fields) + " columns (" + std::string(where) +
                   "), more than the limit of " + std::to_string(max_columns) +
                   " (setting ingest.max_columns)")
      .With("columns", std::to_string(fields))
      .With("limit", std::to_string(max_columns));
}

// One delimiter's view of the first lines of a CSV file, following RFC 4180 quoting: a quote opens
// a quoted field only at the start of a field, and a doubled quote (or the escape character)
// inside one is a literal.
struct CsvCounter {
  char delimiter;
  int64_t fields = 1;
  int64_t lines_done = 0;  // non-blank lines finished
  int64_t widest = 0;      // most fields on a finished line
  bool field_start = true;
  bool line_blank = true;
  bool in_quotes = false;
  bool quote_pending = false;  // a quote inside quotes: closing, or the first of a doubled pair
  bool escaped = false;

  void Feed(unsigned char c, char quote, char escape) {
    if (in_quotes) {
      if (escaped) {
        escaped = false;
        return;
      }
      if (quote_pending) {
        quote_pending = false;
        if (c == quote) return;  // a doubled quote
        in_quotes = false;       // the quote closed the field; `c` follows it
      } else {
        if (escape != '\0' && escape != quote && c == escape) {
          escaped = true;
        } else if (c == quote) {
          quote_pending = true;
        }
        return;
      }
    }
    if (c == '\n' || c == '\r') {
      if (!line_blank) {
        widest = std::max(widest, fields);
        ++lines_done;
      }
      fields = 1;
      field_start = true;
      line_blank = true;
      return;
    }
    line_blank = false;
    if (c == static_cast<unsigned char>(delimiter)) {
      ++fields;
      field_start = true;
      return;
    }
    if (field_start && quote != '\0' && c == static_cast<unsigned char>(quote)) {
      in_quotes = true;
    }
    field_start = false;
  }
  // The line the file ended in, if it had no newline.
  void Finish() {
    if (!line_blank) {
      widest = std::max(widest, fields);
      ++lines_done;
    }
  }
};

}  // namespace

Status CheckJsonFile(const std::filesystem::path& path, int64_t max_columns) {
  if (Unchecked(path)) return Ok();
  auto reader = SAGAZ_TRY(ChunkReader::Open(path));
  // Open containers, innermost last: '{' or '['. Never longer than kMaxJsonDepth.
  std::vector<char> open;
  open.reserve(kMaxJsonDepth);
  bool blank = true;
  bool in_string = false;
  bool escaped = false;
  int64_t members = 0;  // fields of the record being read
  size_t start = 0;     // skips a UTF-8 byte-order mark
  for (;;) {
    const std::string_view chunk = SAGAZ_TRY(reader.Next());
    if (chunk.empty()) break;
    if (reader.ChunkStart(chunk) == 0 && chunk.starts_with("\xEF\xBB\xBF")) start = 3;
    for (size_t i = start; i < chunk.size(); ++i) {
      const auto c = static_cast<unsigned char>(chunk[i]);
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (IsBlank(c)) continue;
      blank = false;
      // A record is an object at the top (newline-delimited JSON) or inside a top-level array.
      const bool in_record = !open.empty() && open.back() == '{' &&
                             (open.size() == 1 || (open.size() == 2 && open[0] == '['));
      switch (c) {
        case '"':
          in_string = true;
          if (in_record && members == 0) members = 1;
          break;
        case ',':
          if (in_record && ++members > max_columns) {
            return Fail(Error(ErrorCode::kInvalidArgument,
                              "a record of the file has more than " + std::to_string(max_columns) +
                                  " fields; Sagaz loads at most " + std::to_string(max_columns) +
                                  " columns (setting ingest.max_columns)")
                            .With("limit", std::to_string(max_columns)));
          }
          break;
        case '{':
        case '[':
          if (static_cast<int>(open.size()) == kMaxJsonDepth) {
            const uint64_t at = reader.ChunkStart(chunk) + i;
            return Fail(Error(ErrorCode::kInvalidArgument,
                              "the JSON is nested more than " + std::to_string(kMaxJsonDepth) +
                                  " levels deep (arrays and objects inside each other, at byte " +
                                  std::to_string(at) + "); Sagaz loads JSON nested up to " +
                                  std::to_string(kMaxJsonDepth) + " levels")
                            .With("limit", std::to_string(kMaxJsonDepth))
                            .With("byte", std::to_string(at)));
          }
          open.push_back(static_cast<char>(c));
          if (c == '{' && (open.size() == 1 || (open.size() == 2 && open[0] == '['))) members = 0;
          break;
        case '}':
        case ']':
          if (!open.empty()) open.pop_back();
          break;
        default:
          break;
      }
    }
    start = 0;
  }
  if (blank) return Fail(BlankFile());
  return Ok();
}

Status CheckCsvFile(const std::filesystem::path& path, const CsvOptions& options,
                    int64_t max_columns) {
  if (Unchecked(path)) return Ok();
  const auto one_char = [](const std::optional<std::string>& s, char fallback) {
    if (!s) return fallback;
    if (*s == "\\t") return '\t';
    return s->empty() ? '\0' : (*s)[0];
  };
  const char quote = one_char(options.quote, '"');
  const char escape = one_char(options.escape, '\0');
  std::vector<CsvCounter> counters;
  if (options.delimiter) {
    counters.push_back({one_char(options.delimiter, ',')});
  } else {
    for (char d : {',', ';', '\t', '|'}) counters.push_back({d});
  }
  // The header is the first non-blank line after the rows the user skips.
  const int64_t lines = options.skip_rows.value_or(0) + 1;
  auto reader = SAGAZ_TRY(ChunkReader::Open(path));
  bool blank = true;
  bool done = false;
  while (!done) {
    const std::string_view chunk = SAGAZ_TRY(reader.Next());
    if (chunk.empty()) break;
    for (char ch : chunk) {
      const auto c = static_cast<unsigned char>(ch);
      if (blank && !IsBlank(c) && c != 0xEF && c != 0xBB && c != 0xBF) blank = false;
      done = true;
      for (auto& counter : counters) {
        if (counter.lines_done < lines) counter.Feed(c, quote, escape);
        done = done && counter.lines_done >= lines;
      }
      if (done) break;
    }
  }
  if (blank) return Fail(BlankFile());
  for (auto& counter : counters) {
    if (counter.lines_done < lines) counter.Finish();
    if (counter.widest > max_columns) {
      const std::string d = counter.delimiter == '\t' ? "tab" : std::string(1, counter.delimiter);
      return Fail(
          TooWide(counter.widest, max_columns, "fields separated by '" + d + "' in the header"));
    }
  }
  return Ok();
}

}  // namespace sagaz::ingest::internal
