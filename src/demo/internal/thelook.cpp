// An e-commerce data set shaped like Google's public theLook: the same tables and columns, with
// plausible distributions: four years of growth, seasonality (November and December, Black Friday,
// weekends), repeat customers, discounts, cancellations, returns, unsold stock and browsing
// sessions that end in a purchase or an abandoned cart.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/strings.hpp"
#include "demo/internal/writer.hpp"

namespace sagaz::demo::internal {
namespace {

constexpr int32_t kStartYear = 2022;
constexpr int32_t kEndYear = 2025;

struct Place {
  const char* country;
  const char* state;
  const char* city;
  double lat;
  double lon;
  const char* postal_prefix;
};

constexpr Place kPlaces[] = {
    {"China", "Guangdong", "Shenzhen", 22.54, 114.06, "518"},
    {"China", "Shanghai", "Shanghai", 31.23, 121.47, "200"},
    {"China", "Beijing", "Beijing", 39.90, 116.40, "100"},
    {"China", "Zhejiang", "Hangzhou", 30.27, 120.15, "310"},
    {"United States", "California", "Los Angeles", 34.05, -118.24, "900"},
    {"United States", "New York", "New York", 40.71, -74.01, "100"},
    {"United States", "Texas", "Houston", 29.76, -95.37, "770"},
    {"United States", "Illinois", "Chicago", 41.88, -87.63, "606"},
    {"Brasil", "São Paulo", "São Paulo", -23.55, -46.63, "01"},
    {"Brasil", "Rio de Janeiro", "Rio de Janeiro", -22.91, -43.17, "20"},
    {"Brasil", "Minas Gerais", "Belo Horizonte", -19.92, -43.94, "30"},
    {"Brasil", "Paraná", "Curitiba", -25.43, -49.27, "80"},
    {"Brasil", "Bahia", "Salvador", -12.97, -38.50, "40"},
    {"South Korea", "Seoul", "Seoul", 37.57, 126.98, "04"},
    {"France", "Île-de-France", "Paris", 48.86, 2.35, "75"},
    {"United Kingdom", "England", "London", 51.51, -0.13, "EC"},
    {"Germany", "Berlin", "Berlin", 52.52, 13.40, "10"},
    {"Spain", "Madrid", "Madrid", 40.42, -3.70, "28"},
    {"Japan", "Tokyo", "Tokyo", 35.68, 139.69, "100"},
    {"Australia", "New South Wales", "Sydney", -33.87, 151.21, "20"},
    {"Belgium", "Brussels", "Brussels", 50.85, 4.35, "10"},
    {"Poland", "Masovia", "Warsaw", 52.23, 21.01, "00"},
    {"Colombia", "Bogotá", "Bogotá", 4.71, -74.07, "11"},
    {"Austria", "Vienna", "Vienna", 48.21, 16.37, "10"},
};
// Share of users per place (countries weighted as in theLook, split over their cities).
constexpr double kPlaceWeights[] = {9, 9, 8, 8, 6, 6, 5, 5, 5, 3,   3,   2,
                                    2, 5, 5, 5, 4, 4, 2, 2, 1, 0.3, 0.2, 0.2};

constexpr const char* kFemaleNames[] = {"Ana",    "Maria",   "Julia",    "Beatriz", "Mariana",
                                        "Camila", "Larissa", "Fernanda", "Emily",   "Olivia",
                                        "Sophia", "Emma",    "Chloe",    "Mia",     "Yuna",
                                        "Mei",    "Hana",    "Lucia",    "Clara",   "Laura"};
constexpr const char* kMaleNames[] = {"João",   "Pedro",   "Lucas",  "Gabriel", "Rafael",
                                      "Felipe", "Gustavo", "Bruno",  "James",   "Michael",
                                      "Daniel", "David",   "Thomas", "Liam",    "Wei",
                                      "Hiro",   "Minjun",  "Pablo",  "Lukas",   "Noah"};
constexpr const char* kLastNames[] = {
    "Silva", "Santos",  "Oliveira", "Souza",  "Lima",   "Pereira", "Costa", "Almeida",
    "Smith", "Johnson", "Brown",    "Garcia", "Martin", "Müller",  "Wang",  "Li",
    "Zhang", "Kim",     "Tanaka",   "Rossi",  "Dubois", "Novak"};

struct Category {
  const char* name;
  const char* department;  // Men, Women or both ("")
  double price_mu;         // log of the median retail price
  double popularity;
};
constexpr Category kCategories[] = {
    {"Jeans", "", 4.1, 1.4},
    {"Tops & Tees", "", 3.3, 1.5},
    {"Sweaters", "", 3.9, 1.0},
    {"Shorts", "", 3.3, 0.9},
    {"Outerwear & Coats", "", 4.6, 0.8},
    {"Fashion Hoodies & Sweatshirts", "", 3.8, 1.0},
    {"Swim", "", 3.4, 0.7},
    {"Sleep & Lounge", "", 3.4, 0.7},
    {"Accessories", "", 3.0, 1.0},
    {"Active", "", 3.5, 0.8},
    {"Socks", "", 2.4, 0.6},
    {"Underwear", "Men", 2.9, 0.7},
    {"Suits & Sport Coats", "Men", 5.0, 0.3},
    {"Pants", "Men", 3.9, 0.7},
    {"Intimates", "Women", 3.0, 1.1},
    {"Dresses", "Women", 4.0, 1.0},
    {"Blazers & Jackets", "Women", 4.4, 0.5},
    {"Skirts", "Women", 3.5, 0.5},
    {"Leggings", "Women", 3.0, 0.6},
    {"Maternity", "Women", 3.6, 0.3},
};
constexpr const char* kBrands[] = {
    "Aurora", "Bravo Jeans", "Costa Azul", "Delta Wear", "Eixo",        "Floresta",
    "Gaia",   "Horizonte",   "Ipê",        "Jangada",    "Kaiser Knit", "Luna",
    "Maré",   "Nômade",      "Orla",       "Pampa",      "Quartzo",     "Riacho",
    "Serra",  "Tucano",      "Urbano",     "Vento Sul",  "Windmill",    "Xingu"};
constexpr const char* kAdjectives[] = {"Classic", "Slim",       "Relaxed",  "Essential",
                                       "Premium", "Vintage",    "Everyday", "Organic Cotton",
                                       "Stretch", "Lightweight"};

struct Center {
  const char* name;
  double lat;
  double lon;
};
constexpr Center kCenters[] = {
    {"Memphis TN", 35.1174, -89.9711},
    {"Chicago IL", 41.8369, -87.6847},
    {"Houston TX", 29.7604, -95.3698},
    {"Los Angeles CA", 34.05, -118.25},
    {"New Orleans LA", 29.95, -90.0667},
    {"Port Authority of New York/New Jersey NY/NJ", 40.634, -73.7834},
    {"Philadelphia PA", 39.95, -75.1667},
    {"Mobile AL", 30.6944, -88.0431},
    {"Charleston SC", 32.7833, -79.9333},
    {"Savannah GA", 32.0167, -81.1167},
};

constexpr const char* kTrafficSources[] = {"Search", "Organic", "Facebook", "Email", "Display"};
constexpr double kTrafficWeights[] = {70, 15, 6, 5, 4};
constexpr const char* kEventSources[] = {"Email", "Adwords", "Organic", "YouTube", "Facebook"};
constexpr double kEventSourceWeights[] = {45, 30, 15, 5, 5};
constexpr const char* kBrowsers[] = {"Chrome", "Safari", "Firefox", "IE", "Other"};
constexpr double kBrowserWeights[] = {50, 20, 20, 5, 5};

// Day weights over the whole period: growth, month seasonality, weekday pattern, Black Friday.
class Calendar {
 public:
  Calendar() {
    first_ = DaysFromCivil(kStartYear, 1, 1);
    last_ = DaysFromCivil(kEndYear, 12, 31);
    static constexpr double kMonth[] = {0.85, 0.8,  0.9,  0.9, 1.05, 0.95,
                                        0.95, 0.95, 0.95, 1.0, 1.35, 1.5};
    static constexpr double kWeekday[] = {1.1, 0.95, 0.95, 0.95, 1.0, 1.05, 1.15};
    const int32_t n = last_ - first_ + 1;
    cumulative_.resize(static_cast<size_t>(n));
    double total = 0;
    for (int32_t d = 0; d < n; ++d) {
      const auto ymd = Civil(first_ + d);
      double w = (1.0 + 1.4 * d / n) * kMonth[static_cast<unsigned>(ymd.month()) - 1] *
                 kWeekday[Weekday(first_ + d)];
      if (static_cast<unsigned>(ymd.month()) == 11) {
        // Black Friday: the fourth Friday of November, and the weekend and Monday after it.
        const int32_t nov1 = DaysFromCivil(static_cast<int>(ymd.year()), 11, 1);
        const int32_t first_friday = nov1 + static_cast<int32_t>((5 + 7 - Weekday(nov1)) % 7);
        const int32_t black_friday = first_friday + 21;
        const int32_t delta = first_ + d - black_friday;
        if (delta == 0) w *= 3.0;
        if (delta >= 1 && delta <= 3) w *= 1.8;
      }
      total += w;
      cumulative_[static_cast<size_t>(d)] = total;
    }
  }
  int32_t first() const { return first_; }
  int32_t last() const { return last_; }
  // A day in [from, last] drawn with the calendar's weights.
  int32_t Draw(Random& rng, int32_t from) const {
    from = std::clamp(from, first_, last_);
    const double lo = from == first_ ? 0 : cumulative_[static_cast<size_t>(from - first_ - 1)];
    const double x = lo + rng.Uniform() * (cumulative_.back() - lo);
    auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), x);
    return first_ +
           static_cast<int32_t>(std::min<size_t>(it - cumulative_.begin(), cumulative_.size() - 1));
  }

 private:
  int32_t first_;
  int32_t last_;
  std::vector<double> cumulative_;
};

// Seconds into the day, busier in the afternoon and evening.
double TimeOfDay(Random& rng) {
  static constexpr double kHourWeights[] = {1,   0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.2,
                                            1.6, 2.0, 2.2, 2.4, 2.5, 2.4, 2.3, 2.3,
                                            2.4, 2.6, 2.9, 3.2, 3.3, 3.0, 2.4, 1.6};
  const size_t hour = rng.Weighted(kHourWeights);
  return static_cast<double>(hour) * 3600 + rng.Uniform(0, 3600);
}

std::string Ascii(std::string_view s) { return ToLower(FoldAccents(s)); }

struct Product {
  int64_t id;
  double cost;
  std::string category;
  std::string name;
  std::string brand;
  double retail_price;
  std::string department;
  std::string sku;
  int64_t center;
};

struct User {
  int64_t id;
  size_t place;
  int32_t created_day;
  int64_t created_at;
  std::string gender;
  bool buyer;
};

struct Order {
  int64_t id;
  int64_t user_id;
  std::string status;
  std::string gender;
  int64_t created_at;
  std::optional<int64_t> shipped_at, delivered_at, returned_at;
  int num_items;
};

struct OrderItem {
  int64_t id;
  int64_t order_id;
  int64_t user_id;
  int64_t product_id;
  int64_t inventory_item_id;
  std::string status;
  int64_t created_at;
  std::optional<int64_t> shipped_at, delivered_at, returned_at;
  double sale_price;
};

struct InventoryItem {
  int64_t id;
  int64_t product_id;
  int64_t created_at;
  std::optional<int64_t> sold_at;
};

std::string Hex(Random& rng, int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < n; ++i) s += kHex[rng.Next() & 15];
  return s;
}

std::string OrderStatus(Random& rng, int32_t age_days) {
  if (age_days < 3) {
    static constexpr const char* kS[] = {"Processing", "Shipped", "Cancelled"};
    static constexpr double kW[] = {60, 30, 10};
    return kS[rng.Weighted(kW)];
  }
  if (age_days < 10) {
    static constexpr const char* kS[] = {"Processing", "Shipped", "Complete", "Cancelled",
                                         "Returned"};
    static constexpr double kW[] = {5, 45, 35, 12, 3};
    return kS[rng.Weighted(kW)];
  }
  static constexpr const char* kS[] = {"Processing", "Shipped", "Complete", "Cancelled",
                                       "Returned"};
  static constexpr double kW[] = {3, 6, 65, 15, 11};
  return kS[rng.Weighted(kW)];
}

}  // namespace

Result<std::vector<DatasetSummary>> WriteTheLook(db::Connection& conn, catalog::Catalog& catalog,
                                                 const Options& options,
                                                 const ProgressFn& progress) {
  Random rng(options.seed);
  const Calendar cal;
  const int scale = options.scale;
  const int64_t end_micros = Micros(cal.last(), 86399.0);

  // Products.
  std::vector<Product> products;
  std::vector<double> product_weights;
  const int n_products = 2000 * scale;
  std::vector<double> category_weights;
  for (const auto& c : kCategories) category_weights.push_back(c.popularity);
  for (int64_t id = 1; id <= n_products; ++id) {
    const size_t ci = rng.Weighted(category_weights);
    const Category& cat = kCategories[ci];
    Product p;
    p.id = id;
    p.category = cat.name;
    p.department = *cat.department ? cat.department : (rng.Chance(0.5) ? "Men" : "Women");
    p.brand = rng.Pick(kBrands);
    p.retail_price =
        std::round(std::clamp(rng.LogNormal(cat.price_mu, 0.45), 1.5, 999.0) * 100) / 100;
    p.cost = std::round(p.retail_price * rng.Uniform(0.38, 0.62) * 100) / 100;
    p.name = p.brand + " " + rng.Pick(kAdjectives) + " " + cat.name;
    p.sku = Hex(rng, 32);
    p.center = rng.Int(1, static_cast<int64_t>(std::size(kCenters)));
    products.push_back(std::move(p));
    // Popularity falls off with rank (Zipf-like), so a few products sell a lot.
    product_weights.push_back(1.0 / std::pow(static_cast<double>(rng.Int(1, n_products)), 0.6));
  }

  // Users.
  std::vector<User> users;
  const int n_users = 12000 * scale;
  for (int64_t id = 1; id <= n_users; ++id) {
    User u;
    u.id = id;
    u.place = rng.Weighted(kPlaceWeights);
    // A launch cohort signs up in the first weeks; everyone else as the business grows.
    u.created_day = rng.Chance(0.12) ? cal.first() + static_cast<int32_t>(rng.Int(0, 30))
                                     : cal.Draw(rng, cal.first());
    u.created_at = Micros(u.created_day, TimeOfDay(rng));
    u.buyer = rng.Chance(0.75);  // the others only browse
    u.gender = rng.Chance(0.5) ? "F" : "M";
    users.push_back(std::move(u));
  }

  // Orders, items and the inventory they consumed.
  std::vector<Order> orders;
  std::vector<OrderItem> items;
  std::vector<InventoryItem> inventory;
  // Orders follow the calendar (growth, seasonality); each goes to a buyer who had signed up by
  // then, so long-standing customers accumulate more orders, as in real shops.
  std::vector<size_t> by_signup(users.size());
  for (size_t i = 0; i < users.size(); ++i) by_signup[i] = i;
  std::sort(by_signup.begin(), by_signup.end(),
            [&](size_t a, size_t b) { return users[a].created_at < users[b].created_at; });
  const int n_orders = 26000 * scale;
  for (int k = 0; k < n_orders; ++k) {
    {  // one order
      int32_t day = cal.Draw(rng, cal.first());
      auto eligible = static_cast<size_t>(
          std::upper_bound(by_signup.begin(), by_signup.end(), day,
                           [&](int32_t d, size_t i) { return d < users[i].created_day; }) -
          by_signup.begin());
      const User* picked = nullptr;
      for (int attempt = 0; attempt < 20 && !picked; ++attempt) {
        const User& candidate = users[by_signup[static_cast<size_t>(
            rng.Int(0, static_cast<int64_t>(std::max<size_t>(eligible, 1)) - 1))]];
        if (candidate.buyer) picked = &candidate;
      }
      if (!picked) continue;
      const User& u = *picked;
      day = std::max(day, u.created_day);
      Order o;
      o.id = static_cast<int64_t>(orders.size()) + 1;
      o.user_id = u.id;
      o.gender = u.gender;
      o.created_at = std::max(u.created_at + int64_t{60'000'000}, Micros(day, TimeOfDay(rng)));
      o.status = OrderStatus(rng, cal.last() - day);
      if (o.status == "Shipped" || o.status == "Complete" || o.status == "Returned") {
        o.shipped_at = o.created_at + DaysToMicros(rng.Uniform(0.3, 3.0));
      }
      if (o.status == "Complete" || o.status == "Returned") {
        o.delivered_at = *o.shipped_at + DaysToMicros(rng.Uniform(1.0, 6.0));
      }
      if (o.status == "Returned") {
        o.returned_at = *o.delivered_at + DaysToMicros(rng.Uniform(2.0, 15.0));
      }
      // Events later than the end of the data are not known yet.
      for (auto* t : {&o.shipped_at, &o.delivered_at, &o.returned_at}) {
        if (*t && **t > end_micros) t->reset();
      }
      static constexpr double kItemCounts[] = {60, 25, 10, 5};
      o.num_items = static_cast<int>(rng.Weighted(kItemCounts)) + 1;
      for (int i = 0; i < o.num_items; ++i) {
        const Product& p = products[rng.Weighted(product_weights)];
        InventoryItem inv;
        inv.id = static_cast<int64_t>(inventory.size()) + 1;
        inv.product_id = p.id;
        inv.created_at = o.created_at - DaysToMicros(rng.Uniform(3, 240));
        if (o.status != "Cancelled") inv.sold_at = o.created_at;
        inventory.push_back(inv);
        OrderItem it;
        it.id = static_cast<int64_t>(items.size()) + 1;
        it.order_id = o.id;
        it.user_id = u.id;
        it.product_id = p.id;
        it.inventory_item_id = inv.id;
        it.status = o.status;
        it.created_at = o.created_at;
        it.shipped_at = o.shipped_at;
        it.delivered_at = o.delivered_at;
        it.returned_at = o.returned_at;
        const double discount = rng.Chance(0.2) ? rng.Uniform(0.7, 0.95) : 1.0;
        it.sale_price = std::round(p.retail_price * discount * 100) / 100;
        items.push_back(std::move(it));
      }
      orders.push_back(std::move(o));
    }
  }
  // Unsold stock, for stock aging.
  const size_t sold = inventory.size();
  for (size_t i = 0; i < sold * 35 / 100; ++i) {
    InventoryItem inv;
    inv.id = static_cast<int64_t>(inventory.size()) + 1;
    inv.product_id = products[rng.Weighted(product_weights)].id;
    inv.created_at = Micros(cal.last() - static_cast<int32_t>(rng.Int(0, 400)), TimeOfDay(rng));
    inventory.push_back(inv);
  }
  std::sort(orders.begin(), orders.end(),
            [](const Order& a, const Order& b) { return a.id < b.id; });

  std::vector<DatasetSummary> out;
  size_t index = 1;
  auto step = [&](const char* name) {
    if (progress) progress(name, index, DatasetNames().size());
    ++index;
  };

  step("distribution_centers");
  TableDef centers{"distribution_centers",
                   "Centros de distribuição / distribution centers",
                   {{"id", "BIGINT", "Identificador / id"},
                    {"name", "VARCHAR", "Nome / name"},
                    {"latitude", "DOUBLE", "Latitude"},
                    {"longitude", "DOUBLE", "Longitude"}}};
  out.push_back({"distribution_centers",
                 SAGAZ_TRY(WriteDataset(conn, catalog, centers, [&](db::Appender& app) -> Status {
                   for (size_t i = 0; i < std::size(kCenters); ++i) {
                     app.Append(static_cast<int64_t>(i + 1)).Append(kCenters[i].name);
                     app.Append(kCenters[i].lat).Append(kCenters[i].lon);
                     SAGAZ_TRY(app.EndRow());
                   }
                   return Ok();
                 }))});

  step("products");
  TableDef product_def{
      "products",
      "Catálogo de produtos / product catalog",
      {{"id", "BIGINT", "Identificador do produto / product id"},
       {"cost", "DOUBLE", "Custo unitário / unit cost"},
       {"category", "VARCHAR", "Categoria / category"},
       {"name", "VARCHAR", "Nome do produto / product name"},
       {"brand", "VARCHAR", "Marca / brand"},
       {"retail_price", "DOUBLE", "Preço de tabela / list price"},
       {"department", "VARCHAR", "Departamento (Men, Women) / department"},
       {"sku", "VARCHAR", "Código SKU / SKU"},
       {"distribution_center_id", "BIGINT", "Centro de distribuição / distribution center id"}}};
  out.push_back({"products", SAGAZ_TRY(WriteDataset(conn, catalog, product_def,
                                                    [&](db::Appender& app) -> Status {
                                                      for (const auto& p : products) {
                                                        app.Append(p.id).Append(p.cost);
                                                        app.Append(std::string_view(p.category));
                                                        app.Append(std::string_view(p.name));
                                                        app.Append(std::string_view(p.brand));
                                                        app.Append(p.retail_price);
                                                        app.Append(std::string_view(p.department));
                                                        app.Append(std::string_view(p.sku));
                                                        app.Append(p.center);
                                                        SAGAZ_TRY(app.EndRow());
                                                      }
                                                      return Ok();
                                                    }))});

  step("users");
  TableDef user_def{"users",
                    "Clientes cadastrados / registered customers",
                    {{"id", "BIGINT", "Identificador do cliente / customer id"},
                     {"first_name", "VARCHAR", "Nome / first name"},
                     {"last_name", "VARCHAR", "Sobrenome / last name"},
                     {"email", "VARCHAR", "E-mail"},
                     {"age", "INTEGER", "Idade / age"},
                     {"gender", "VARCHAR", "Gênero (F, M) / gender"},
                     {"state", "VARCHAR", "Estado / state"},
                     {"street_address", "VARCHAR", "Endereço / street address"},
                     {"postal_code", "VARCHAR", "CEP / postal code"},
                     {"city", "VARCHAR", "Cidade / city"},
                     {"country", "VARCHAR", "País / country"},
                     {"latitude", "DOUBLE", "Latitude"},
                     {"longitude", "DOUBLE", "Longitude"},
                     {"traffic_source", "VARCHAR", "Origem do cadastro / acquisition channel"},
                     {"created_at", "TIMESTAMP", "Data do cadastro / sign-up time"}}};
  out.push_back(
      {"users", SAGAZ_TRY(WriteDataset(conn, catalog, user_def, [&](db::Appender& app) -> Status {
         for (const auto& u : users) {
           const Place& pl = kPlaces[u.place];
           const std::string first =
               u.gender == "F" ? rng.Pick(kFemaleNames) : rng.Pick(kMaleNames);
           const std::string last = rng.Pick(kLastNames);
           char postal[16];
           std::snprintf(postal, sizeof postal, "%s%03d", pl.postal_prefix,
                         static_cast<int>(rng.Int(0, 999)));
           const std::string street =
               std::to_string(rng.Int(1, 9999)) + " " + rng.Pick(kLastNames) + " Street";
           app.Append(u.id).Append(std::string_view(first)).Append(std::string_view(last));
           app.Append(std::string_view(Ascii(first) + "." + Ascii(last) + std::to_string(u.id) +
                                       "@example.com"));
           app.Append(static_cast<int32_t>(
               std::clamp<int64_t>(static_cast<int64_t>(rng.Normal(38, 13)), 12, 80)));
           app.Append(std::string_view(u.gender)).Append(pl.state);
           app.Append(std::string_view(street)).Append(std::string_view(postal));
           app.Append(pl.city).Append(pl.country);
           app.Append(pl.lat + rng.Normal(0, 0.08)).Append(pl.lon + rng.Normal(0, 0.08));
           app.Append(kTrafficSources[rng.Weighted(kTrafficWeights)]);
           app.Append(db::Timestamp{u.created_at});
           SAGAZ_TRY(app.EndRow());
         }
         return Ok();
       }))});

  step("orders");
  TableDef order_def{
      "orders",
      "Pedidos / orders (status: Processing, Shipped, Complete, Cancelled, Returned)",
      {{"order_id", "BIGINT", "Identificador do pedido / order id"},
       {"user_id", "BIGINT", "Cliente / customer id"},
       {"status", "VARCHAR",
        "Situação: Processing, Shipped, Complete, Cancelled, Returned / status"},
       {"gender", "VARCHAR", "Gênero do cliente / customer gender"},
       {"created_at", "TIMESTAMP", "Data do pedido / order time"},
       {"returned_at", "TIMESTAMP", "Data da devolução / return time"},
       {"shipped_at", "TIMESTAMP", "Data do envio / shipping time"},
       {"delivered_at", "TIMESTAMP", "Data da entrega / delivery time"},
       {"num_of_item", "INTEGER", "Quantidade de itens / number of items"}}};
  auto ts = [](db::Appender& app, const std::optional<int64_t>& t) {
    if (t) {
      app.Append(db::Timestamp{*t});
    } else {
      app.Append(nullptr);
    }
  };
  out.push_back(
      {"orders", SAGAZ_TRY(WriteDataset(conn, catalog, order_def, [&](db::Appender& app) -> Status {
         for (const auto& o : orders) {
           app.Append(o.id).Append(o.user_id).Append(std::string_view(o.status));
           app.Append(std::string_view(o.gender)).Append(db::Timestamp{o.created_at});
           ts(app, o.returned_at);
           ts(app, o.shipped_at);
           ts(app, o.delivered_at);
           app.Append(static_cast<int32_t>(o.num_items));
           SAGAZ_TRY(app.EndRow());
         }
         return Ok();
       }))});

  step("order_items");
  TableDef item_def{"order_items",
                    "Itens dos pedidos / order line items (sale_price is the price paid)",
                    {{"id", "BIGINT", "Identificador do item / line id"},
                     {"order_id", "BIGINT", "Pedido / order id"},
                     {"user_id", "BIGINT", "Cliente / customer id"},
                     {"product_id", "BIGINT", "Produto / product id"},
                     {"inventory_item_id", "BIGINT", "Item de estoque / inventory item id"},
                     {"status", "VARCHAR", "Situação do pedido / status"},
                     {"created_at", "TIMESTAMP", "Data do pedido / order time"},
                     {"shipped_at", "TIMESTAMP", "Data do envio / shipping time"},
                     {"delivered_at", "TIMESTAMP", "Data da entrega / delivery time"},
                     {"returned_at", "TIMESTAMP", "Data da devolução / return time"},
                     {"sale_price", "DOUBLE", "Preço de venda / sale price"}}};
  out.push_back({"order_items",
                 SAGAZ_TRY(WriteDataset(conn, catalog, item_def, [&](db::Appender& app) -> Status {
                   for (const auto& it : items) {
                     app.Append(it.id).Append(it.order_id).Append(it.user_id).Append(it.product_id);
                     app.Append(it.inventory_item_id).Append(std::string_view(it.status));
                     app.Append(db::Timestamp{it.created_at});
                     ts(app, it.shipped_at);
                     ts(app, it.delivered_at);
                     ts(app, it.returned_at);
                     app.Append(it.sale_price);
                     SAGAZ_TRY(app.EndRow());
                   }
                   return Ok();
                 }))});

  step("inventory_items");
  TableDef inv_def{"inventory_items",
                   "Itens de estoque, vendidos ou não / inventory items, sold or in stock",
                   {{"id", "BIGINT", "Identificador / inventory item id"},
                    {"product_id", "BIGINT", "Produto / product id"},
                    {"created_at", "TIMESTAMP", "Entrada no estoque / stocked at"},
                    {"sold_at", "TIMESTAMP", "Data da venda (vazio se em estoque) / sold at"},
                    {"cost", "DOUBLE", "Custo / cost"},
                    {"product_category", "VARCHAR", "Categoria / category"},
                    {"product_name", "VARCHAR", "Produto / product name"},
                    {"product_brand", "VARCHAR", "Marca / brand"},
                    {"product_retail_price", "DOUBLE", "Preço de tabela / list price"},
                    {"product_department", "VARCHAR", "Departamento / department"},
                    {"product_sku", "VARCHAR", "SKU"},
                    {"product_distribution_center_id", "BIGINT",
                     "Centro de distribuição / distribution center"}}};
  out.push_back(
      {"inventory_items",
       SAGAZ_TRY(WriteDataset(conn, catalog, inv_def, [&](db::Appender& app) -> Status {
         for (const auto& inv : inventory) {
           const Product& p = products[static_cast<size_t>(inv.product_id - 1)];
           app.Append(inv.id).Append(inv.product_id).Append(db::Timestamp{inv.created_at});
           ts(app, inv.sold_at);
           app.Append(p.cost).Append(std::string_view(p.category)).Append(std::string_view(p.name));
           app.Append(std::string_view(p.brand)).Append(p.retail_price);
           app.Append(std::string_view(p.department)).Append(std::string_view(p.sku));
           app.Append(p.center);
           SAGAZ_TRY(app.EndRow());
         }
         return Ok();
       }))});

  step("events");
  TableDef event_def{
      "events",
      "Eventos de navegação no site / website events (home, department, product, cart, purchase, "
      "cancel)",
      {{"id", "BIGINT", "Identificador do evento / event id"},
       {"user_id", "BIGINT", "Cliente (vazio se anônimo) / customer id (empty when anonymous)"},
       {"sequence_number", "INTEGER", "Ordem do evento na sessão / position in the session"},
       {"session_id", "VARCHAR", "Sessão / session id"},
       {"created_at", "TIMESTAMP", "Data e hora / event time"},
       {"ip_address", "VARCHAR", "Endereço IP / IP address"},
       {"city", "VARCHAR", "Cidade / city"},
       {"state", "VARCHAR", "Estado / state"},
       {"postal_code", "VARCHAR", "CEP / postal code"},
       {"browser", "VARCHAR", "Navegador / browser"},
       {"traffic_source", "VARCHAR", "Origem do tráfego / traffic source"},
       {"uri", "VARCHAR", "Página / page"},
       {"event_type", "VARCHAR",
        "Tipo: home, department, product, cart, purchase, cancel / type"}}};
  out.push_back(
      {"events", SAGAZ_TRY(WriteDataset(conn, catalog, event_def, [&](db::Appender& app) -> Status {
         int64_t event_id = 0;
         struct Session {
           std::optional<int64_t> user;
           size_t place;
           int64_t start;
           std::vector<int64_t> products;
           bool purchase;
           bool cancel;
         };
         auto write = [&](const Session& s) -> Status {
           const Place& pl = kPlaces[s.place];
           const std::string session = Hex(rng, 8) + "-" + Hex(rng, 4) + "-" + Hex(rng, 4) + "-" +
                                       Hex(rng, 4) + "-" + Hex(rng, 12);
           const std::string ip =
               std::to_string(rng.Int(11, 223)) + "." + std::to_string(rng.Int(0, 255)) + "." +
               std::to_string(rng.Int(0, 255)) + "." + std::to_string(rng.Int(1, 254));
           const char* browser = kBrowsers[rng.Weighted(kBrowserWeights)];
           const char* source = kEventSources[rng.Weighted(kEventSourceWeights)];
           char postal[16];
           std::snprintf(postal, sizeof postal, "%s%03d", pl.postal_prefix,
                         static_cast<int>(rng.Int(0, 999)));
           std::vector<std::pair<std::string, std::string>> steps = {{"home", "/"}};
           const Product& first = products[static_cast<size_t>(s.products.front() - 1)];
           steps.emplace_back("department", "/department/" + ToLower(first.department) +
                                                "/category/" + ToLower(first.category));
           for (int64_t pid : s.products)
             steps.emplace_back("product", "/product/" + std::to_string(pid));
           if (s.purchase || rng.Chance(0.45)) steps.emplace_back("cart", "/cart");
           if (s.purchase) steps.emplace_back("purchase", "/purchase");
           if (s.cancel) steps.emplace_back("cancel", "/cancel");
           int64_t t = s.start;
           for (size_t k = 0; k < steps.size(); ++k) {
             app.Append(++event_id);
             if (s.user) {
               app.Append(*s.user);
             } else {
               app.Append(nullptr);
             }
             app.Append(static_cast<int32_t>(k + 1)).Append(std::string_view(session));
             app.Append(db::Timestamp{t})
                 .Append(std::string_view(ip))
                 .Append(pl.city)
                 .Append(pl.state);
             app.Append(std::string_view(postal)).Append(browser).Append(source);
             app.Append(std::string_view(steps[k].second)).Append(std::string_view(steps[k].first));
             SAGAZ_TRY(app.EndRow());
             t += static_cast<int64_t>(rng.Uniform(5, 240)) * 1000000;
           }
           return Ok();
         };
         // A purchase session before each order.
         size_t item = 0;
         for (const auto& o : orders) {
           Session s{o.user_id,
                     users[static_cast<size_t>(o.user_id - 1)].place,
                     o.created_at - static_cast<int64_t>(rng.Uniform(60, 1800)) * 1000000,
                     {},
                     true,
                     o.status == "Cancelled"};
           while (item < items.size() && items[item].order_id == o.id) {
             s.products.push_back(items[item].product_id);
             ++item;
           }
           if (s.products.empty()) s.products.push_back(1);
           SAGAZ_TRY(write(s));
         }
         // Browsing sessions without a purchase: some abandon a cart.
         const size_t browse = orders.size() * 3 / 2;
         for (size_t i = 0; i < browse; ++i) {
           Session s;
           if (rng.Chance(0.6)) {
             const User& u = users[static_cast<size_t>(rng.Int(0, n_users - 1))];
             s.user = u.id;
             s.place = u.place;
             s.start = Micros(cal.Draw(rng, u.created_day), TimeOfDay(rng));
           } else {
             s.place = rng.Weighted(kPlaceWeights);
             s.start = Micros(cal.Draw(rng, cal.first()), TimeOfDay(rng));
           }
           const int n = static_cast<int>(rng.Int(1, 3));
           for (int k = 0; k < n; ++k)
             s.products.push_back(products[rng.Weighted(product_weights)].id);
           s.purchase = false;
           s.cancel = false;
           SAGAZ_TRY(write(s));
         }
         return Ok();
       }))});
  return out;
}

}  // namespace sagaz::demo::internal
