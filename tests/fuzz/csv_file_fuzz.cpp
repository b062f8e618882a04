// Uploaded files: any bytes are ingested as a file (CSV, TSV, JSON or Parquet, sniffed as a user's
// upload is). A file may be refused with a clear error; none may crash or hang the process.
#include <cstdint>
#include <fstream>

#include "catalog/catalog.hpp"
#include "fuzz_app.hpp"
#include "ingest/ingest.hpp"

namespace {
sagaz::App* g_app = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_app = sagaz::fuzz::OpenApp({});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  // The format comes from the content, except that a name says what the user claimed it was.
  static const char* const kNames[] = {"upload.csv", "upload.json", "upload.tsv", "upload.txt"};
  const auto path = fuzz::UploadsDir(*g_app) / kNames[size % 4];
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  ingest::Request request;
  request.path = path;
  request.dataset = "fuzzed";
  request.mode = ingest::Mode::kReplace;
  if (auto report = g_app->ingestor().Run(request)) {
    (void)g_app->catalog().ProfileDataset("fuzzed", 5, 10);
  }
  return 0;
}
