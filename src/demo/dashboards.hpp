// The dashboards shipped with the demo data: "Vendas" (theLook e-commerce) and "Sensores" (sensor
// readings), built only from saved questions through DashboardService, as a user would build them.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "dashboards/dashboards.hpp"

namespace sagaz::demo {

// The collection the shipped dashboards and their questions live in.
inline constexpr std::string_view kDashboardCollection = "demo";

// Creates (or re-creates: older ones of the same name in the demo collection go first, with their
// questions) the shipped dashboards. Needs the demo datasets.
Result<std::vector<dashboards::Dashboard>> CreateDashboards(dashboards::DashboardService& service);

}  // namespace sagaz::demo
