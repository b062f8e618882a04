#include "demo/demo.hpp"

#include <cmath>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "demo/internal/writer.hpp"

namespace sagaz::demo {
namespace internal {

Result<int64_t> WriteDataset(db::Connection& conn, catalog::Catalog& catalog, const TableDef& def,
                             const FillFn& fill) {
  std::string ddl = "CREATE TABLE " + QuoteIdent(def.name) + " (";
  for (size_t i = 0; i < def.columns.size(); ++i) {
    ddl += (i ? ", " : "") + QuoteIdent(def.columns[i].name) + " " + def.columns[i].type;
  }
  ddl += ")";
  auto tx = SAGAZ_TRY(db::Transaction::Begin(conn));
  SAGAZ_TRY(conn.Execute("DROP TABLE IF EXISTS " + QuoteIdent(def.name)));
  SAGAZ_TRY(conn.Execute(ddl));
  {
    auto appender = SAGAZ_TRY(conn.CreateAppender("", def.name));
    SAGAZ_TRY(fill(appender));
    SAGAZ_TRY(appender.Close());
  }
  catalog::Registration reg{def.name, "sagaz demo", "generated", {}, /*replace=*/true};
  SAGAZ_TRY(catalog.Register(conn, reg));
  // Descriptions (PT-BR / EN) feed NL→SQL.
  const db::Param dparams[] = {def.description, def.name};
  SAGAZ_TRY(conn.Query("UPDATE _sagaz.datasets SET description = ? WHERE name = ?", dparams));
  SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.dataset_columns WHERE dataset = ?",
                       std::vector<db::Param>{def.name}));
  for (const auto& c : def.columns) {
    const db::Param p[] = {def.name, c.name, c.description};
    SAGAZ_TRY(conn.Query(
        "INSERT INTO _sagaz.dataset_columns(dataset, name, description) VALUES (?, ?, ?)", p));
  }
  auto count = SAGAZ_TRY(conn.Query("SELECT count(*) FROM " + QuoteIdent(def.name)));
  auto n = SAGAZ_TRY(count.FetchScalar());
  SAGAZ_TRY(tx.Commit());
  return std::get<int64_t>(n);
}

// Water level, temperature and more from river sensors every 15 minutes, January to April 2025
// (rainy season): a seasonal rise and fall of the water, daily temperature cycles, storms that
// raise the level, sensor faults with missing readings, batteries that drain and get replaced.
Result<int64_t> WriteSensors(db::Connection& conn, catalog::Catalog& catalog,
                             const Options& options) {
  TableDef def{
      "leituras_sensores",
      "Leituras de sensores de nível de rio a cada 15 minutos (jan–abr 2025) / river level sensor "
      "readings every 15 minutes",
      {
          {"timestamp", "TIMESTAMP", "Data e hora da leitura / reading time"},
          {"sensor", "VARCHAR", "Identificador do sensor / sensor id (S01..)"},
          {"local", "VARCHAR", "Local do sensor (rio e cidade) / sensor location"},
          {"nivel_agua", "DOUBLE", "Nível da água em metros / water level (m)"},
          {"temperatura", "DOUBLE", "Temperatura do ar em °C / air temperature (°C)"},
          {"umidade", "DOUBLE", "Umidade relativa do ar em % / relative humidity (%)"},
          {"pressao", "DOUBLE", "Pressão atmosférica em hPa / air pressure (hPa)"},
          {"bateria", "DOUBLE", "Carga da bateria do sensor em % / battery charge (%)"},
          {"status", "VARCHAR",
           "Estado da leitura: ok, alerta (nível alto) ou falha / reading status"},
      }};
  struct Sensor {
    const char* id;
    const char* place;
    double base_level;
    double amplitude;
    double temp_base;
  };
  static constexpr Sensor kSensors[] = {
      {"S01", "Rio Tietê - São Paulo", 2.1, 0.9, 23.5},
      {"S02", "Rio Pinheiros - São Paulo", 1.6, 0.7, 23.0},
      {"S03", "Rio Paraíba do Sul - Taubaté", 3.2, 1.4, 24.5},
      {"S04", "Rio Doce - Governador Valadares", 2.8, 1.6, 26.0},
      {"S05", "Rio Itajaí-Açu - Blumenau", 2.4, 2.1, 22.5},
      {"S06", "Rio Guaíba - Porto Alegre", 1.9, 1.2, 21.5},
      {"S07", "Rio Capibaribe - Recife", 1.4, 0.8, 28.0},
      {"S08", "Rio Negro - Manaus", 3.5, 2.6, 29.0},
  };
  const int sensors = static_cast<int>(std::size(kSensors)) * options.scale;
  const int32_t start = internal::DaysFromCivil(2025, 1, 1);
  constexpr int kDays = 120;
  constexpr int kPerDay = 96;  // every 15 minutes

  return WriteDataset(conn, catalog, def, [&](db::Appender& app) -> Status {
    for (int s = 0; s < sensors; ++s) {
      const Sensor& sensor = kSensors[s % std::size(kSensors)];
      const std::string id = options.scale == 1 ? sensor.id
                                                : std::string(sensor.id) + "-" +
                                                      std::to_string(s / std::size(kSensors) + 1);
      Random rng(options.seed * 1000003 + static_cast<uint64_t>(s));
      const double alert_level = sensor.base_level + 1.2 * sensor.amplitude;
      double battery = rng.Uniform(70, 100);
      double storm = 0;  // extra water from a recent storm, decaying
      double drift = 0;
      int fault_left = 0;
      for (int d = 0; d < kDays; ++d) {
        // Rainy season: water rises until mid-March, then recedes.
        const double season = std::sin(M_PI * std::min(1.0, d / 95.0)) * sensor.amplitude;
        for (int k = 0; k < kPerDay; ++k) {
          const double hour = k / 4.0;
          const int64_t ts = internal::Micros(start + d, hour * 3600.0);
          if (rng.Chance(0.0015)) storm += rng.Uniform(0.3, 1.5) * sensor.amplitude;
          storm *= 0.985;
          drift += rng.Normal(0, 0.002);
          drift *= 0.999;
          const double daily = 0.04 * std::sin(2 * M_PI * (hour - 6) / 24);
          const double level = std::max(
              0.05, sensor.base_level + season + storm + daily + drift + rng.Normal(0, 0.03));
          const double temp = sensor.temp_base + 0.02 * d * (d < 60 ? 1 : -1) +
                              3.0 * std::sin(2 * M_PI * (hour - 9) / 24) + rng.Normal(0, 0.4);
          const double humidity = std::clamp(
              78 - 2.2 * (temp - sensor.temp_base) + 6 * (storm > 0.2) + rng.Normal(0, 3), 35.0,
              100.0);
          const double pressure = 1013 - 4 * storm / std::max(0.1, sensor.amplitude) +
                                  1.5 * std::sin(2 * M_PI * hour / 12) + rng.Normal(0, 0.8);
          battery -= rng.Uniform(0.005, 0.012);
          if (battery < 15 || rng.Chance(0.0002)) battery = rng.Uniform(95, 100);  // replaced
          if (fault_left == 0 && rng.Chance(0.0008)) fault_left = static_cast<int>(rng.Int(1, 12));
          const bool fault = fault_left > 0;
          if (fault) --fault_left;
          app.Append(db::Timestamp{ts}).Append(std::string_view(id)).Append(sensor.place);
          if (fault) {
            app.Append(nullptr).Append(nullptr).Append(nullptr);
          } else {
            app.Append(std::round(level * 1000) / 1000)
                .Append(std::round(temp * 100) / 100)
                .Append(std::round(humidity * 10) / 10);
          }
          app.Append(std::round(pressure * 10) / 10).Append(std::round(battery * 10) / 10);
          app.Append(fault ? "falha" : level >= alert_level ? "alerta" : "ok");
          SAGAZ_TRY(app.EndRow());
        }
      }
    }
    return Ok();
  });
}

}  // namespace internal

std::vector<std::string> DatasetNames() {
  return {"leituras_sensores", "distribution_centers", "products", "users", "orders",
          "order_items",       "inventory_items",      "events"};
}

Result<Summary> Generate(db::ConnectionPool& pool, catalog::Catalog& catalog,
                         const Options& options, const ProgressFn& progress) {
  if (options.scale < 1 || options.scale > 1000) {
    return Fail(ErrorCode::kInvalidArgument, "scale must be between 1 and 1000");
  }
  Stopwatch watch;
  Summary summary;
  auto conn = SAGAZ_TRY(pool.Acquire());
  const size_t total = DatasetNames().size();
  if (progress) progress("leituras_sensores", 0, total);
  const int64_t sensor_rows = SAGAZ_TRY(internal::WriteSensors(*conn, catalog, options));
  summary.datasets.push_back({"leituras_sensores", sensor_rows});
  auto thelook = SAGAZ_TRY(internal::WriteTheLook(*conn, catalog, options, progress));
  summary.datasets.insert(summary.datasets.end(), thelook.begin(), thelook.end());
  summary.elapsed_ms = watch.ElapsedMs();
  return summary;
}

}  // namespace sagaz::demo
