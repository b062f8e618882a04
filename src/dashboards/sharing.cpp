// DashboardService: public links, collection roles, and bundles (export and import).
#include "auth/signed.hpp"
#include "dashboards/dashboards.hpp"
#include "dashboards/internal/impl.hpp"

namespace sagaz::dashboards {

namespace {

constexpr std::string_view kEmbedPurpose = "embed";

// Claims of an embed token: "v1|<dashboard id>|<link fingerprint>|<expiry, ms>". Ids hold no '|'.
std::string EmbedClaims(std::string_view dashboard_id, std::string_view fingerprint,
                        int64_t expires_ms) {
  return "v1|" + std::string(dashboard_id) + "|" + std::string(fingerprint) + "|" +
         std::to_string(expires_ms);
}

Error BadEmbed(std::string message) {
  return Error(ErrorCode::kUnauthenticated, std::move(message)).With("rule", "embed_token");
}

}  // namespace

Result<PublicLink> DashboardService::CreatePublicLink(const Viewer& viewer,
                                                      std::string_view dashboard_id) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(impl_->LoadEditable(*conn, viewer, dashboard_id));
  if (auto active = SAGAZ_TRY(internal::ActiveLink(*conn, dashboard_id))) return *active;
  PublicLink link{RandomHex(24), std::string(dashboard_id), NowIso8601()};
  SAGAZ_TRY(internal::InsertLink(*conn, link, viewer.user));
  log::Info("public link created", {{"dashboard", link.dashboard_id}});
  return link;
}

Status DashboardService::RevokePublicLink(const Viewer& viewer, std::string_view dashboard_id) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(impl_->LoadEditable(*conn, viewer, dashboard_id));
  if (!SAGAZ_TRY(internal::ActiveLink(*conn, dashboard_id))) {
    return Fail(Error(ErrorCode::kNotFound, "the dashboard has no public link")
                    .With("id", std::string(dashboard_id)));
  }
  SAGAZ_TRY(internal::RevokeLinks(*conn, dashboard_id));
  log::Info("public link revoked", {{"dashboard", std::string(dashboard_id)}});
  return Ok();
}

Result<OpenedDashboard> DashboardService::OpenPublic(std::string_view token,
                                                     const FilterValues& filters) {
  std::optional<Dashboard> d;
  {
    auto conn = SAGAZ_TRY(impl_->pool.Acquire());
    auto id = SAGAZ_TRY(internal::DashboardOfToken(*conn, token));
    if (id) d = SAGAZ_TRY(internal::LoadDashboard(*conn, *id));
  }
  if (!d) {
    return Fail(ErrorCode::kNotFound, "this public link does not exist or was revoked");
  }
  auto out = SAGAZ_TRY(impl_->Open(*d, filters));
  // Only the cards' results leave: no SQL, no question text, no owner, no token.
  out.dashboard.owner.clear();
  out.dashboard.public_token.reset();
  for (auto& card : out.cards) {
    if (card.question) {
      Question& q = *card.question;
      q.question.clear();
      q.sql.clear();
      q.stats.clear();
      q.ran_sql.clear();
      q.tables.clear();
      q.dataset.reset();
      q.owner.clear();
    }
    if (card.result) {
      card.result->ran_sql.clear();
      card.result->tables.clear();
      if (card.result->statistics) card.result->statistics->sql.clear();
    }
    if (card.error) {
      // The reason stays with the owner; the public page says only that the card failed.
      card.error = Error(card.error->code, "this card could not be computed");
    }
  }
  return out;
}

Result<EmbedToken> DashboardService::CreateEmbedToken(const Viewer& viewer,
                                                      std::string_view dashboard_id, int64_t ttl_s,
                                                      const auth::Signer& signer) {
  if (ttl_s <= 0) return Fail(Invalid("ttl_s", "ttl_s must be a positive number of seconds"));
  const auto link = SAGAZ_TRY(CreatePublicLink(viewer, dashboard_id));
  EmbedToken out{"", std::string(dashboard_id), NowMs() + ttl_s * 1000};
  out.token = signer.Sign(
      kEmbedPurpose,
      EmbedClaims(dashboard_id, signer.Fingerprint(kEmbedPurpose, link.token), out.expires_ms));
  log::Info("embed token created",
            {{"dashboard", out.dashboard_id}, {"ttl_s", std::to_string(ttl_s)}});
  return out;
}

Result<OpenedDashboard> DashboardService::OpenEmbedded(std::string_view token,
                                                       const FilterValues& filters,
                                                       const auth::Signer& signer) {
  auto claims = signer.Verify(kEmbedPurpose, token);
  if (!claims) return Fail(BadEmbed("this embed token is not valid"));
  const auto parts = Split(*claims, '|');
  if (parts.size() != 4 || parts[0] != "v1") return Fail(BadEmbed("this embed token is not valid"));
  const std::string dashboard_id(parts[1]);
  const auto expires_ms = ParseNumber<int64_t>(parts[3]);
  if (!expires_ms) return Fail(BadEmbed("this embed token is not valid"));
  if (*expires_ms <= NowMs()) return Fail(BadEmbed("this embed token has expired"));
  std::optional<PublicLink> link;
  {
    auto conn = SAGAZ_TRY(impl_->pool.Acquire());
    link = SAGAZ_TRY(internal::ActiveLink(*conn, dashboard_id));
  }
  if (!link || signer.Fingerprint(kEmbedPurpose, link->token) != parts[2]) {
    return Fail(BadEmbed("the dashboard's public link was revoked, which ends this embed token"));
  }
  return OpenPublic(link->token, filters);
}

Result<std::vector<Collection>> DashboardService::ListCollections(const Viewer& viewer) {
  (void)viewer;
  std::lock_guard lock(impl_->mu);
  std::vector<Collection> out;
  for (const auto& [name, c] : impl_->collections) out.push_back(c);
  return out;
}

Result<Collection> DashboardService::SetCollection(const Viewer& viewer, const Collection& c) {
  if (viewer.role != auth::Role::kAdmin) {
    return Fail(ErrorCode::kPermissionDenied, "only admins set a collection's roles");
  }
  SAGAZ_TRY(CheckCollection(c.name));
  if (c.edit < c.view) {
    return Fail(Invalid("edit", "the edit role must be at least the view role"));
  }
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(internal::SaveCollection(*conn, c));
  std::lock_guard lock(impl_->mu);
  impl_->collections[c.name] = c;
  return c;
}

Result<Bundle> DashboardService::ExportBundle(const Viewer& viewer, std::string_view dashboard_id) {
  Bundle out;
  out.dashboard = SAGAZ_TRY(GetDashboard(viewer, dashboard_id));
  out.dashboard.public_token.reset();
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  for (const auto& card : out.dashboard.cards) {
    if (card.question_id.empty()) continue;
    const bool seen = std::any_of(out.questions.begin(), out.questions.end(),
                                  [&](const Question& q) { return q.id == card.question_id; });
    if (!seen) out.questions.push_back(SAGAZ_TRY(impl_->Load(*conn, card.question_id)));
  }
  return out;
}

Result<Dashboard> DashboardService::ImportBundle(const Viewer& viewer, const Bundle& bundle,
                                                 std::optional<std::string> collection) {
  std::map<std::string, std::string> ids;  // bundle id -> new id
  for (const auto& q : bundle.questions) {
    NewQuestion nq{q.name,  q.description, collection.value_or(q.collection),
                   q.kind,  q.question,    q.sql,
                   q.stats, q.dataset,     q.language,
                   q.chart};
    auto saved = CreateQuestion(viewer, nq);
    if (!saved) {
      return Fail(std::move(saved).error().With("question", q.name));
    }
    ids[q.id] = saved->id;
  }
  NewDashboard nd{bundle.dashboard.name,
                  bundle.dashboard.description,
                  collection.value_or(bundle.dashboard.collection),
                  bundle.dashboard.cards,
                  bundle.dashboard.filters,
                  bundle.dashboard.refresh_s};
  for (auto& card : nd.cards) {
    if (card.question_id.empty()) continue;
    auto it = ids.find(card.question_id);
    if (it == ids.end()) {
      return Fail(Invalid("cards", "a card names question '" + card.question_id +
                                       "', which the file does not hold"));
    }
    card.question_id = it->second;
  }
  return CreateDashboard(viewer, nd);
}

}  // namespace sagaz::dashboards
