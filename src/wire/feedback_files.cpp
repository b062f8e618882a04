// Comment files: NDJSON and CSV read as streams, record by record.
//
// The CSV record reader is written here rather than borrowed from DuckDB's reader because a
// comment import must report each bad record with its number and keep the rest, stream files of
// any size in bounded memory, and read uploads after DuckDB has been confined to its directory.
#include <algorithm>
#include <sstream>

#include "core/strings.hpp"
#include "wire/feedback.hpp"
#include "wire/internal/feedback_item.hpp"

namespace sagaz::wire {
namespace {

using feedback::CommentInput;
using feedback::ItemError;

constexpr size_t kMaxRecordBytes = 1 << 20;

// A byte source over an istream's buffer, counting what it consumed.
class Bytes {
 public:
  explicit Bytes(std::istream& in) : buf_(in.rdbuf()) {}
  int Get() {
    if (!buf_) return -1;
    const int c = buf_->sbumpc();
    if (c == std::char_traits<char>::eof()) return -1;
    ++read_;
    return c;
  }
  int Peek() {
    if (!buf_) return -1;
    const int c = buf_->sgetc();
    return c == std::char_traits<char>::eof() ? -1 : c;
  }
  uint64_t read() const { return read_; }

 private:
  std::streambuf* buf_;
  uint64_t read_ = 0;
};

// One line, without its line break; false at the end. Lines over the limit are cut (`too_long`)
// and the rest of the line is skipped.
bool ReadLine(Bytes& bytes, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  int c = bytes.Get();
  if (c < 0) return false;
  for (; c >= 0 && c != '\n'; c = bytes.Get()) {
    if (line.size() < kMaxRecordBytes) {
      line += static_cast<char>(c);
    } else {
      too_long = true;
    }
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

class NdjsonReader final : public CommentReader {
 public:
  NdjsonReader(std::unique_ptr<std::istream> in, CommentColumns columns)
      : in_(std::move(in)), bytes_(*in_), columns_(std::move(columns)) {}

  Result<bool> Next(size_t max, std::vector<CommentInput>& out,
                    std::vector<ItemError>& errors) override {
    size_t taken = 0;
    std::string line;
    bool too_long = false;
    while (taken < max) {
      if (!ReadLine(bytes_, line, too_long)) return false;
      if (Trim(line).empty()) continue;
      const int64_t index = index_++;
      ++taken;
      if (too_long) {
        errors.push_back({index, "", "", "the line is longer than 1 MiB"});
        continue;
      }
      auto item = internal::ParseCommentLine(line, index);
      if (auto* e = std::get_if<ItemError>(&item)) {
        errors.push_back(std::move(*e));
        continue;
      }
      auto& c = std::get<CommentInput>(item);
      if (c.source.empty()) c.source = columns_.source;
      out.push_back(std::move(c));
    }
    return true;
  }
  uint64_t bytes_read() const override { return bytes_.read(); }
  CommentFormat format() const override { return CommentFormat::kNdjson; }

 private:
  std::unique_ptr<std::istream> in_;
  Bytes bytes_;
  CommentColumns columns_;
  int64_t index_ = 0;
};

// RFC 4180 records: fields separated by `delimiter`, quoted fields with doubled quotes and line
// breaks inside.
class CsvRecords {
 public:
  CsvRecords(Bytes& bytes, char delimiter) : bytes_(bytes), delimiter_(delimiter) {}
  // The next record; false at the end. A record over the limit is cut and `too_long` set; reading
  // goes on at the next line.
  bool Next(std::vector<std::string>& fields, bool& too_long) {
    fields.assign(1, std::string());
    too_long = false;
    size_t size = 0;
    int c = bytes_.Get();
    if (c < 0) return false;
    bool quoted = false;
    bool field_start = true;
    for (; c >= 0; c = bytes_.Get()) {
      if (++size > kMaxRecordBytes) {
        too_long = true;
        if (c == '\n') break;  // resynchronise at the next line break, quoted or not
        continue;
      }
      if (quoted) {
        if (c == '"') {
          if (bytes_.Peek() == '"') {
            bytes_.Get();
            fields.back() += '"';
          } else {
            quoted = false;
          }
        } else {
          fields.back() += static_cast<char>(c);
        }
        continue;
      }
      if (c == '"' && field_start) {
        quoted = true;
        field_start = false;
      } else if (c == delimiter_) {
        fields.emplace_back();
        field_start = true;
      } else if (c == '\n') {
        break;
      } else if (c == '\r' && bytes_.Peek() == '\n') {
        // CRLF: the '\n' ends the record
      } else {
        fields.back() += static_cast<char>(c);
        field_start = false;
      }
    }
    return true;
  }

 private:
  Bytes& bytes_;
  char delimiter_;
};

// The delimiter of a header line: the most frequent of , ; tab | outside quotes.
char DetectDelimiter(std::string_view header) {
  size_t counts[4] = {0, 0, 0, 0};
  static constexpr char kCandidates[] = {',', ';', '\t', '|'};
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (size_t k = 0; k < 4; ++k) counts[k] += c == kCandidates[k];
  }
  const size_t best = static_cast<size_t>(std::max_element(counts, counts + 4) - counts);
  return counts[best] > 0 ? kCandidates[best] : ',';
}

class CsvReader final : public CommentReader {
 public:
  CsvReader(std::unique_ptr<std::istream> in, CommentColumns columns)
      : in_(std::move(in)), bytes_(*in_), columns_(std::move(columns)) {}

  Status ReadHeader() {
    // The header decides the delimiter; it is read again as a record with it.
    std::string first;
    if (bytes_.Peek() == 0xEF) {  // UTF-8 byte order mark
      bytes_.Get();
      if (bytes_.Get() != 0xBB || bytes_.Get() != 0xBF) {
        return Fail(ErrorCode::kInvalidArgument, "the file starts with bytes that are not text");
      }
    }
    // Peek the header line without consuming: read it, detect, then parse the line itself.
    bool too_long = false;
    if (!ReadLine(bytes_, first, too_long) || Trim(first).empty()) {
      return Fail(ErrorCode::kInvalidArgument, "the CSV file is empty (it needs a header line)");
    }
    if (too_long) return Fail(ErrorCode::kInvalidArgument, "the CSV header is longer than 1 MiB");
    delimiter_ = DetectDelimiter(first);
    std::istringstream line(first);
    Bytes header_bytes(line);
    CsvRecords header(header_bytes, delimiter_);
    std::vector<std::string> names;
    header.Next(names, too_long);
    auto find = [&](const std::string& name) -> int {
      for (size_t i = 0; i < names.size(); ++i) {
        if (IEquals(Trim(names[i]), Trim(name))) return static_cast<int>(i);
      }
      return -1;
    };
    auto column = [&](const std::string& given, const char* fallback) -> Result<int> {
      if (given.empty()) return find(fallback);
      const int i = find(given);
      if (i < 0) {
        std::vector<std::string_view> shown(
            names.begin(),
            names.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(names.size(), 30)));
        return Fail(Error(ErrorCode::kInvalidArgument, "the column '" + given +
                                                           "' is not in the file's header (" +
                                                           Join(shown, ", ") + ")")
                        .With("column", given));
      }
      return i;
    };
    text_ = SAGAZ_TRY(column(columns_.text.empty() ? "text" : columns_.text, "text"));
    id_ = SAGAZ_TRY(column(columns_.id, "id"));
    date_ = SAGAZ_TRY(column(columns_.date, "created_at"));
    author_ = SAGAZ_TRY(column(columns_.author, "author"));
    source_ = SAGAZ_TRY(column(columns_.source_column, "source"));
    records_ = std::make_unique<CsvRecords>(bytes_, delimiter_);
    return Ok();
  }

  Result<bool> Next(size_t max, std::vector<CommentInput>& out,
                    std::vector<ItemError>& errors) override {
    size_t taken = 0;
    std::vector<std::string> fields;
    bool too_long = false;
    while (taken < max) {
      if (!records_->Next(fields, too_long)) return false;
      if (fields.size() == 1 && Trim(fields[0]).empty()) continue;  // blank line
      const int64_t index = index_++;
      ++taken;
      if (too_long) {
        errors.push_back({index, "", "", "the record is longer than 1 MiB (an unclosed quote?)"});
        continue;
      }
      auto cell = [&](int i) -> std::string {
        return i >= 0 && static_cast<size_t>(i) < fields.size() ? fields[static_cast<size_t>(i)]
                                                                : std::string();
      };
      if (static_cast<size_t>(text_) >= fields.size()) {
        errors.push_back({index, cell(id_), "text",
                          "the record has " + std::to_string(fields.size()) +
                              " fields; the text is in field " + std::to_string(text_ + 1)});
        continue;
      }
      CommentInput c;
      c.index = index;
      c.text = cell(text_);
      c.id = id_ >= 0 ? cell(id_) : "h" + feedback::TextFingerprint(c.text);
      c.created_at = cell(date_);
      c.author = cell(author_);
      c.source = source_ >= 0 && !cell(source_).empty() ? cell(source_) : columns_.source;
      out.push_back(std::move(c));
    }
    return true;
  }
  uint64_t bytes_read() const override { return bytes_.read(); }
  CommentFormat format() const override { return CommentFormat::kCsv; }

 private:
  std::unique_ptr<std::istream> in_;
  Bytes bytes_;
  CommentColumns columns_;
  char delimiter_ = ',';
  std::unique_ptr<CsvRecords> records_;
  int text_ = -1, id_ = -1, date_ = -1, author_ = -1, source_ = -1;
  int64_t index_ = 0;
};

}  // namespace

Result<std::unique_ptr<CommentReader>> CommentReader::Open(std::unique_ptr<std::istream> in,
                                                           CommentFormat format,
                                                           CommentColumns columns) {
  if (!in || !*in) return Fail(ErrorCode::kIo, "cannot read the comment file");
  if (format == CommentFormat::kAuto) {
    // NDJSON starts with '{' (after spaces); anything else is read as CSV.
    format = CommentFormat::kCsv;
    for (int c = in->rdbuf()->sgetc(); c != std::char_traits<char>::eof();) {
      if (c == '{') format = CommentFormat::kNdjson;
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
      in->rdbuf()->sbumpc();
      c = in->rdbuf()->sgetc();
    }
  }
  if (format == CommentFormat::kNdjson) {
    return std::unique_ptr<CommentReader>(
        std::make_unique<NdjsonReader>(std::move(in), std::move(columns)));
  }
  auto reader = std::make_unique<CsvReader>(std::move(in), std::move(columns));
  SAGAZ_TRY(reader->ReadHeader());
  return std::unique_ptr<CommentReader>(std::move(reader));
}

Result<LabelledTexts> ReadLabelledCsv(std::istream& in, std::string_view text_column,
                                      std::string_view label_column) {
  CommentColumns columns;
  columns.text = std::string(text_column);
  columns.id = std::string(label_column);  // the label rides in the id field
  // The stream is not owned: wrap its buffer.
  auto view = std::make_unique<std::istream>(in.rdbuf());
  auto reader = SAGAZ_TRY(CommentReader::Open(std::move(view), CommentFormat::kCsv, columns));
  LabelledTexts out;
  std::vector<CommentInput> batch;
  std::vector<ItemError> errors;
  while (true) {
    batch.clear();
    errors.clear();
    const bool more = SAGAZ_TRY(reader->Next(4096, batch, errors));
    out.skipped += static_cast<int64_t>(errors.size());
    for (auto& c : batch) {
      auto label = feedback::ParseSentiment(c.id);
      if (!label || Trim(c.text).empty()) {
        ++out.skipped;
        continue;
      }
      out.texts.push_back(std::move(c.text));
      out.labels.push_back(*label);
    }
    if (!more) break;
  }
  return out;
}

}  // namespace sagaz::wire
