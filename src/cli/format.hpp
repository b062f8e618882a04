// Terminal output helpers.
#pragma once

#include <string>
#include <vector>

#include "db/db.hpp"

namespace sagaz::cli {

std::string ValueText(const db::Value& v);
std::string Number(double v, int decimals = 2);
// A result set as a table on stdout.
void PrintRows(const std::vector<db::Column>& columns,
               const std::vector<std::vector<db::Value>>& rows);

// A progress bar on stderr, drawn only when stderr is a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void Update(double fraction);
  // Clears the bar's line, before what follows is printed ("100%Loaded ..." otherwise).
  void Done();

 private:
  std::string label_;
  bool tty_;
  bool drawn_ = false;
};

}  // namespace sagaz::cli
