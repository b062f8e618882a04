// `sagaz serve`: the REST API over the application's services.
#pragma once

#include <filesystem>
#include <optional>

#include "core/error.hpp"

namespace sagaz {
class App;
}

namespace sagaz::http {
class Server;
}

namespace sagaz::server {

struct ServeOptions {
  std::optional<std::filesystem::path> port_file;  // written with the bound port once listening
};

// Registers every API route of `app` on `server`.
void RegisterRoutes(http::Server& server, App& app);

// Binds, serves until SIGINT or SIGTERM, then stops gracefully (in-flight requests finish).
Status Serve(App& app, const ServeOptions& options);

}  // namespace sagaz::server
