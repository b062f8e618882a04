// Turns a model's token pieces into text that is safe to show as it comes: never half a UTF-8
// character, never the start of a stop sequence that may still complete, nothing from a stop
// sequence on. Pure logic, tested on its own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sagaz::models::internal {

class TextStream {
 public:
  explicit TextStream(std::vector<std::string> stop);

  struct Step {
    std::string text;      // what may be shown now (valid UTF-8)
    bool stopped = false;  // a stop sequence was found: the text before it is in `text`
  };
  Step Push(std::string_view piece);
  // What is held back, at the end of the generation (invalid bytes replaced).
  std::string Flush();
  bool stopped() const { return stopped_; }

 private:
  std::vector<std::string> stop_;
  std::string pending_;
  bool stopped_ = false;
};

}  // namespace sagaz::models::internal
