// Drawing reports with cairo (Debian libcairo2-dev): the same drawing code writes PNG (an image
// surface) and PDF (a PDF surface). Text uses cairo's toy font API over fontconfig's sans-serif.
#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "reports/internal/figure.hpp"
#include "reports/reports.hpp"

namespace sagaz::reports {

namespace {

using internal::Figure;
using internal::FigureKind;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

// A C callback: never lets an exception through.
cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

struct Rgb {
  double r, g, b;
};
// Apache ECharts' default palette, as the web UI draws.
constexpr Rgb kPalette[] = {{0.329, 0.439, 0.776}, {0.569, 0.8, 0.459},   {0.98, 0.784, 0.345},
                            {0.933, 0.4, 0.4},     {0.451, 0.753, 0.871}, {0.231, 0.635, 0.447},
                            {0.988, 0.518, 0.322}, {0.604, 0.376, 0.706}};
constexpr Rgb kInk{0.13, 0.15, 0.19};
constexpr Rgb kMuted{0.42, 0.45, 0.5};
constexpr Rgb kGrid{0.88, 0.89, 0.91};
constexpr Rgb kRed{0.8, 0.15, 0.15};
constexpr Rgb kGreen{0.1, 0.55, 0.25};

constexpr double kMargin = 24;
constexpr double kHeader = 72;
constexpr double kRowUnit = 56;
constexpr double kGap = 6;

void SetColor(cairo_t* cr, Rgb c, double alpha = 1) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

void Font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double TextWidth(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

// `text` cut (at a character boundary, with an ellipsis) to fit `width`.
std::string Fit(cairo_t* cr, std::string text, double width) {
  if (width <= 0) return "";
  if (TextWidth(cr, text) <= width) return text;
  while (!text.empty()) {
    do {
      text.pop_back();
    } while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80);
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
    if (TextWidth(cr, text + "…") <= width) return text + "…";
  }
  return "";
}

// Draws text with its baseline at y; align 0 left, 0.5 centre, 1 right of x.
void Text(cairo_t* cr, double x, double y, const std::string& text, double max_width,
          double align = 0) {
  const std::string fitted = Fit(cr, SanitizeUtf8(text), max_width);
  cairo_move_to(cr, x - align * TextWidth(cr, fitted), y);
  cairo_show_text(cr, fitted.c_str());
}

// Lines of `text` wrapped at spaces to `width`.
std::vector<std::string> Wrap(cairo_t* cr, const std::string& text, double width) {
  std::vector<std::string> out;
  std::string line;
  for (auto word : Split(text, ' ')) {
    std::string next = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && TextWidth(cr, next) > width) {
      out.push_back(line);
      line = std::string(word);
    } else {
      line = std::move(next);
    }
  }
  out.push_back(line);
  return out;
}

struct Box {
  double x, y, w, h;
};

void Legend(cairo_t* cr, const Figure& f, Box b) {
  if (f.series.size() < 2) return;
  Font(cr, 10);
  double x = b.x + b.w;
  for (size_t k = f.series.size(); k-- > 0;) {
    const std::string name = Fit(cr, f.series[k].name, 120);
    x -= TextWidth(cr, name) + 22;
    SetColor(cr, kPalette[k % std::size(kPalette)]);
    cairo_rectangle(cr, x, b.y - 9, 10, 10);
    cairo_fill(cr);
    SetColor(cr, kMuted);
    cairo_move_to(cr, x + 14, b.y);
    cairo_show_text(cr, name.c_str());
  }
}

// Bars, lines and areas on a value axis.
void DrawCartesian(cairo_t* cr, const Figure& f, Box b, insights::Locale locale) {
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& s : f.series) {
    for (const auto& v : s.values) {
      if (!v || !std::isfinite(*v)) continue;
      lo = std::min(lo, *v);
      hi = std::max(hi, *v);
      any = true;
    }
  }
  if (!any || f.categories.empty()) return;
  if (hi == lo) hi = lo + 1;
  Legend(cr, f, {b.x, b.y + 10, b.w, 0});
  const Box plot{b.x + 64, b.y + 18, b.w - 72, b.h - 18 - 30};
  if (plot.w < 20 || plot.h < 20) return;
  auto ypos = [&](double v) { return plot.y + plot.h - (v - lo) / (hi - lo) * plot.h; };
  Font(cr, 10);
  cairo_set_line_width(cr, 1);
  for (int i = 0; i <= 4; ++i) {
    const double v = lo + (hi - lo) * i / 4;
    const double y = ypos(v);
    SetColor(cr, kGrid);
    cairo_move_to(cr, plot.x, y);
    cairo_line_to(cr, plot.x + plot.w, y);
    cairo_stroke(cr);
    SetColor(cr, kMuted);
    Text(cr, plot.x - 6, y + 3, insights::FormatNumber(v, locale, 3), 58, 1);
  }
  const size_t n = f.categories.size();
  const double step = plot.w / static_cast<double>(n);
  // Category labels: as many as fit.
  double widest = 0;
  for (const auto& c : f.categories) widest = std::max(widest, std::min(TextWidth(cr, c), 110.0));
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((widest + 8) / step)));
  SetColor(cr, kMuted);
  for (size_t i = 0; i < n; i += every) {
    Text(cr, plot.x + step * (static_cast<double>(i) + 0.5), plot.y + plot.h + 14, f.categories[i],
         step * static_cast<double>(every) - 4, 0.5);
  }
  const double zero = ypos(std::clamp(0.0, lo, hi));
  if (f.kind == FigureKind::kBars) {
    const double group = step * 0.8;
    const double bar = group / static_cast<double>(f.series.size());
    for (size_t k = 0; k < f.series.size(); ++k) {
      SetColor(cr, kPalette[k % std::size(kPalette)]);
      for (size_t i = 0; i < n; ++i) {
        const auto& v = f.series[k].values[i];
        if (!v || !std::isfinite(*v)) continue;
        const double x =
            plot.x + step * static_cast<double>(i) + step * 0.1 + bar * static_cast<double>(k);
        const double y = ypos(*v);
        cairo_rectangle(cr, x, std::min(y, zero), std::max(bar - 1, 1.0), std::fabs(zero - y));
      }
      cairo_fill(cr);
    }
    return;
  }
  for (size_t k = 0; k < f.series.size(); ++k) {
    const Rgb color = kPalette[k % std::size(kPalette)];
    bool open = false;
    double first_x = 0, last_x = 0;
    cairo_new_path(cr);
    for (size_t i = 0; i < n; ++i) {
      const auto& v = f.series[k].values[i];
      if (!v || !std::isfinite(*v)) continue;
      const double x = plot.x + step * (static_cast<double>(i) + 0.5);
      if (!open) {
        cairo_move_to(cr, x, ypos(*v));
        first_x = x;
        open = true;
      } else {
        cairo_line_to(cr, x, ypos(*v));
      }
      last_x = x;
    }
    if (!open) continue;
    if (f.kind == FigureKind::kArea) {
      cairo_path_t* line = cairo_copy_path(cr);
      cairo_line_to(cr, last_x, zero);
      cairo_line_to(cr, first_x, zero);
      cairo_close_path(cr);
      SetColor(cr, color, 0.25);
      cairo_fill(cr);
      cairo_append_path(cr, line);
      cairo_path_destroy(line);
    }
    SetColor(cr, color);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
  }
}

void DrawPie(cairo_t* cr, const Figure& f, Box b, insights::Locale locale) {
  if (f.series.empty()) return;
  double total = 0;
  for (const auto& v : f.series.front().values) total += v && *v > 0 ? *v : 0;
  if (total <= 0) return;
  const double r = std::max(10.0, std::min(b.h, b.w * 0.5) / 2 - 8);
  const double cx = b.x + r + 8, cy = b.y + b.h / 2;
  double angle = -M_PI / 2;
  Font(cr, 10);
  for (size_t i = 0; i < f.categories.size(); ++i) {
    const auto& v = f.series.front().values[i];
    if (!v || *v <= 0) continue;
    const double sweep = 2 * M_PI * *v / total;
    SetColor(cr, kPalette[i % std::size(kPalette)]);
    cairo_move_to(cr, cx, cy);
    cairo_arc(cr, cx, cy, r, angle, angle + sweep);
    cairo_close_path(cr);
    cairo_fill(cr);
    angle += sweep;
    const double ly = b.y + 14 + 15 * static_cast<double>(i);
    if (ly > b.y + b.h) continue;
    cairo_rectangle(cr, cx + r + 16, ly - 9, 10, 10);
    cairo_fill(cr);
    SetColor(cr, kInk);
    Text(cr, cx + r + 30, ly, f.categories[i] + "  " + insights::FormatPercent(*v / total, locale),
         b.x + b.w - (cx + r + 30));
  }
}

void DrawNumber(cairo_t* cr, const Figure& f, Box b, insights::Locale locale) {
  const bool pt = locale == insights::Locale::kPtBr;
  SetColor(cr, kInk);
  Font(cr, std::clamp(b.h * 0.35, 14.0, 44.0), true);
  const std::string text = f.value ? insights::FormatNumber(*f.value, locale, 6) : "-";
  Text(cr, b.x + b.w / 2, b.y + b.h / 2 + 8, text, b.w, 0.5);
  if (f.value && f.previous && *f.previous != 0) {
    const double change = (*f.value - *f.previous) / std::fabs(*f.previous);
    SetColor(cr, change >= 0 ? kGreen : kRed);
    Font(cr, 12);
    Text(cr, b.x + b.w / 2, b.y + b.h / 2 + 30,
         std::string(change >= 0 ? "▲ " : "▼ ") +
             insights::FormatPercent(std::fabs(change), locale) +
             (pt ? " vs. anterior" : " vs. previous"),
         b.w, 0.5);
  }
}

void DrawTable(cairo_t* cr, const Figure& f, Box b) {
  if (f.header.empty()) return;
  const double col = b.w / static_cast<double>(f.header.size());
  Font(cr, 10, true);
  SetColor(cr, kInk);
  for (size_t j = 0; j < f.header.size(); ++j) {
    Text(cr, b.x + col * static_cast<double>(j), b.y + 12, f.header[j], col - 6);
  }
  Font(cr, 10);
  double y = b.y + 12;
  for (const auto& row : f.rows) {
    y += 16;
    if (y > b.y + b.h) break;
    SetColor(cr, kGrid);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, b.x, y - 12);
    cairo_line_to(cr, b.x + b.w, y - 12);
    cairo_stroke(cr);
    SetColor(cr, kInk);
    for (size_t j = 0; j < row.size() && j < f.header.size(); ++j) {
      Text(cr, b.x + col * static_cast<double>(j), y, row[j], col - 6);
    }
  }
}

void DrawLines(cairo_t* cr, const std::vector<std::string>& lines, Box b, Rgb color) {
  Font(cr, 12);
  SetColor(cr, color);
  double y = b.y + 14;
  for (const auto& line : lines) {
    for (const auto& wrapped : Wrap(cr, SanitizeUtf8(line), b.w)) {
      if (y > b.y + b.h) return;
      Text(cr, b.x, y, wrapped, b.w);
      y += 17;
    }
  }
}

void DrawCard(cairo_t* cr, const Figure& f, Box card, insights::Locale locale) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, card.x, card.y, card.w, card.h);
  cairo_fill_preserve(cr);
  SetColor(cr, kGrid);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  const Box inner{card.x + 12, card.y + 10, card.w - 24, card.h - 20};
  double top = inner.y;
  if (!f.title.empty()) {
    Font(cr, 13, true);
    SetColor(cr, kInk);
    Text(cr, inner.x, inner.y + 12, f.title, inner.w);
    top += 20;
  }
  double bottom = inner.y + inner.h;
  if (!f.note.empty()) {
    Font(cr, 9);
    SetColor(cr, kMuted);
    Text(cr, inner.x, bottom, f.note, inner.w);
    bottom -= 14;
  }
  const Box body{inner.x, top, inner.w, bottom - top};
  switch (f.kind) {
    case FigureKind::kBars:
    case FigureKind::kLines:
    case FigureKind::kArea:
      DrawCartesian(cr, f, body, locale);
      break;
    case FigureKind::kPie:
      DrawPie(cr, f, body, locale);
      break;
    case FigureKind::kNumber:
      DrawNumber(cr, f, body, locale);
      break;
    case FigureKind::kTable:
      DrawTable(cr, f, body);
      break;
    case FigureKind::kText:
      DrawLines(cr, f.lines, body, kInk);
      break;
    case FigureKind::kError:
      DrawLines(cr, f.lines, body, kRed);
      break;
  }
}

void DrawPage(cairo_t* cr, const dashboards::OpenedDashboard& opened, double width, double height,
              insights::Locale locale) {
  cairo_set_source_rgb(cr, 0.965, 0.969, 0.976);
  cairo_paint(cr);
  const bool pt = locale == insights::Locale::kPtBr;
  SetColor(cr, kInk);
  Font(cr, 22, true);
  Text(cr, kMargin, kMargin + 20, opened.dashboard.name, width - 2 * kMargin);
  std::string sub = (pt ? "Gerado em " : "Generated ") + NowIso8601().substr(0, 16) + " UTC";
  for (const auto& [column, v] : opened.filters) {
    sub += " · " + column + ": " + (v.value.empty() ? v.from + ".." + v.to : v.value);
  }
  Font(cr, 11);
  SetColor(cr, kMuted);
  Text(cr, kMargin, kMargin + 40, sub, width - 2 * kMargin);
  const double column = (width - 2 * kMargin) / 12;
  for (const auto& card : opened.cards) {
    const auto p = card.card.position.value_or(dashboards::Position{});
    const Box box{kMargin + column * p.x + kGap, kHeader + kRowUnit * p.y + kGap,
                  column * p.w - 2 * kGap, kRowUnit * p.h - 2 * kGap};
    DrawCard(cr, internal::FigureOf(card, locale), box, locale);
  }
  (void)height;
}

}  // namespace

Result<std::string> Render(const dashboards::OpenedDashboard& opened, Format format,
                           const RenderOptions& options) {
  if (format != Format::kPng && format != Format::kPdf) {
    return Fail(ErrorCode::kInvalidArgument, "only PNG and PDF are drawn");
  }
  const insights::Locale locale =
      options.language == "en" ? insights::Locale::kEn : insights::Locale::kPtBr;
  const double width = std::clamp(options.width, 400, 4000);
  int rows = 0;
  for (const auto& c : opened.cards) {
    const auto p = c.card.position.value_or(dashboards::Position{});
    rows = std::max(rows, p.y + p.h);
  }
  const double height = kHeader + kRowUnit * std::max(rows, 1) + kMargin;
  std::string out;
  SurfacePtr surface(format == Format::kPng
                         ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width),
                                                      static_cast<int>(height))
                         : cairo_pdf_surface_create_for_stream(&AppendBytes, &out, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kInternal,
                std::string("cannot create a drawing surface: ") +
                    cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  {
    ContextPtr cr(cairo_create(surface.get()));
    DrawPage(cr.get(), opened, width, height, locale);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return Fail(ErrorCode::kInternal,
                  std::string("drawing failed: ") + cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  if (format == Format::kPng) {
    status = cairo_surface_write_to_png_stream(surface.get(), &AppendBytes, &out);
  } else {
    cairo_surface_finish(surface.get());
    status = cairo_surface_status(surface.get());
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kIo,
                std::string("cannot write the rendering: ") + cairo_status_to_string(status));
  }
  return out;
}

dashboards::OpenedDashboard SingleCard(const dashboards::Question& question,
                                       const dashboards::RunResult& result) {
  dashboards::OpenedDashboard out;
  out.dashboard.name = question.name;
  dashboards::CardResult card;
  card.card.question_id = question.id;
  card.card.title = question.description.empty() ? "" : question.description;
  card.card.position = dashboards::Position{0, 0, 12, 7};
  card.question = question;
  card.result = result;
  out.cards.push_back(std::move(card));
  return out;
}

}  // namespace sagaz::reports
