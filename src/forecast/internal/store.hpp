// Forecast model versions on disk (versioning/version_store.hpp): a slot is a dataset, ticker and
// horizon; records are stored as the API's JSON (wire/forecast.hpp).
#pragma once

#include <filesystem>
#include <string>

#include "forecast/record.hpp"
#include "versioning/version_store.hpp"

namespace sagaz::forecast::internal {

using ModelStore = versioning::VersionStore<ModelRecord>;
ModelStore MakeModelStore(std::filesystem::path dir);

using versioning::ValidateVersionId;
inline Status ValidateModelId(std::string_view id) { return ValidateVersionId(id); }

// The key of a record's slot among versions: dataset, ticker, horizon.
std::string SlotKey(const ModelRecord& record);

}  // namespace sagaz::forecast::internal
