#include "forecast/internal/store.hpp"

#include "wire/forecast.hpp"

namespace sagaz::forecast::internal {

std::string SlotKey(const ModelRecord& r) {
  return r.dataset + "/" + r.ticker + "/" + std::to_string(r.config.horizon);
}

ModelStore MakeModelStore(std::filesystem::path dir) {
  return ModelStore(
      std::move(dir), "forecast",
      {.encode = [](const ModelRecord& r) { return wire::Dump(wire::ModelRecordToJson(r), 1); },
       .decode = [](std::string_view text) -> Result<ModelRecord> {
         const auto j = SAGAZ_TRY(wire::ParseBody(text));
         return wire::ModelRecordFromJson(j);
       },
       .slot = SlotKey});
}

}  // namespace sagaz::forecast::internal
