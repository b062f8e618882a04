#include "exports/internal/xlsx.hpp"

#include <xlsxwriter.h>

#include <memory>
#include <string>

#include "core/strings.hpp"

namespace sagaz::exports::internal {

namespace {

// Closes (and frees) a workbook left open by an error; a closed one is released first.
struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const { workbook_close(wb); }
};

constexpr lxw_row_t kRowsPerSheet = LXW_ROW_MAX - 1;  // the header takes one
constexpr size_t kMaxCell = 32767;                    // Excel's longest text cell

Error WriteError(lxw_error e) {
  return Error(ErrorCode::kIo, std::string("cannot write the XLSX file: ") + lxw_strerror(e));
}

}  // namespace

Status WriteXlsx(db::QueryResult& result, const std::filesystem::path& path,
                 const std::filesystem::path& tmpdir) {
  const std::string tmp = tmpdir.string();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = const_cast<char*>(tmp.c_str());
  options.use_zip64 = LXW_TRUE;
  std::unique_ptr<lxw_workbook, WorkbookCloser> wb(
      workbook_new_opt(path.string().c_str(), &options));
  if (!wb) return Fail(ErrorCode::kIo, "cannot create the XLSX file " + path.string());
  lxw_format* bold = workbook_add_format(wb.get());
  format_set_bold(bold);
  const auto& columns = result.columns();

  lxw_worksheet* sheet = nullptr;
  int sheets = 0;
  lxw_row_t row = 0;
  auto new_sheet = [&]() -> Status {
    ++sheets;
    const std::string name = sheets == 1 ? "Dados" : "Dados " + std::to_string(sheets);
    sheet = workbook_add_worksheet(wb.get(), name.c_str());
    if (!sheet) return Fail(ErrorCode::kIo, "cannot add a sheet to the XLSX file");
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string header = SanitizeUtf8(columns[c].name).substr(0, kMaxCell);
      if (auto e =
              worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), header.c_str(), bold);
          e != LXW_NO_ERROR) {
        return Fail(WriteError(e));
      }
    }
    row = 0;
    return Ok();
  };
  SAGAZ_TRY(new_sheet());
  if (columns.size() > LXW_COL_MAX) {
    return Fail(ErrorCode::kInvalidArgument,
                "an XLSX sheet holds at most " + std::to_string(LXW_COL_MAX) + " columns");
  }
  std::string text;
  while (true) {
    auto chunk = SAGAZ_TRY(result.Next());
    if (!chunk) break;
    std::vector<db::VectorView> views;
    for (size_t c = 0; c < chunk->column_count(); ++c) views.push_back(chunk->column(c));
    for (size_t r = 0; r < chunk->size(); ++r) {
      if (row == kRowsPerSheet) SAGAZ_TRY(new_sheet());
      ++row;
      for (size_t c = 0; c < views.size(); ++c) {
        const db::Value v = views[c].GetValue(r);
        const auto col = static_cast<lxw_col_t>(c);
        lxw_error e = LXW_NO_ERROR;
        if (std::holds_alternative<std::monostate>(v)) continue;
        if (const auto* b = std::get_if<bool>(&v)) {
          e = worksheet_write_boolean(sheet, row, col, *b ? 1 : 0, nullptr);
        } else if (const auto* i = std::get_if<int64_t>(&v)) {
          e = worksheet_write_number(sheet, row, col, static_cast<double>(*i), nullptr);
        } else if (const auto* u = std::get_if<uint64_t>(&v)) {
          e = worksheet_write_number(sheet, row, col, static_cast<double>(*u), nullptr);
        } else if (const auto* d = std::get_if<double>(&v)) {
          e = worksheet_write_number(sheet, row, col, *d, nullptr);
        } else {
          text = SanitizeUtf8(std::get<std::string>(v));
          if (text.size() > kMaxCell) {
            text.resize(kMaxCell);
            text = SanitizeUtf8(text);  // a cut character
          }
          e = worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
        }
        if (e != LXW_NO_ERROR) return Fail(WriteError(e));
      }
    }
  }
  const lxw_error closed = workbook_close(wb.release());
  if (closed != LXW_NO_ERROR) return Fail(WriteError(closed));
  return Ok();
}

}  // namespace sagaz::exports::internal
