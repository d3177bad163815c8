// SPDX-License-Identifier: MIT
#include "report/pdf_canvas.h"

#include "recscope/core/error.h"
#include "util/utf8.h"

#if RECSCOPE_HAVE_PDF
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#endif

#include <algorithm>
#include <cmath>

namespace recscope::core::detail {

Rgb parseColour(const std::string &t)
{
    auto hex = [](char c) { return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0'; };
    if (t.size() == 7 && t[0] == '#')
        return {(hex(t[1]) * 16 + hex(t[2])) / 255.0,
                (hex(t[3]) * 16 + hex(t[4])) / 255.0,
                (hex(t[5]) * 16 + hex(t[6])) / 255.0};
    if (t.size() == 4 && t[0] == '#')
        return {hex(t[1]) * 17 / 255.0, hex(t[2]) * 17 / 255.0, hex(t[3]) * 17 / 255.0};
    return {};
}

std::string utf8Prefix(const std::string &utf8, std::size_t maxBytes)
{
    std::size_t end = std::min(maxBytes, utf8.size());
    while (end > 0 && end < utf8.size() && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80)
        --end; // back to the start of the code point that would be cut
    return utf8.substr(0, end);
}

#if RECSCOPE_HAVE_PDF

namespace {

constexpr std::size_t kMaxTextBytes
    = 1 << 16; // one call draws one line: a longer one would leave the page anyway

cairo_status_t appendTo(void *closure, const unsigned char *data, unsigned int length)
{
    try {
        static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data), length);
        return CAIRO_STATUS_SUCCESS;
    } catch (...) { // no exception may cross cairo's C frames
        return CAIRO_STATUS_WRITE_ERROR;
    }
}

/// One line of valid UTF-8: pango takes nothing else. Bytes that are not UTF-8 (never produced
/// by the report's own HTML, which is checked UTF-8) are read as Windows-1252 as display text is
/// elsewhere; control characters (line breaks, tabs) become spaces, so a label stays one line.
std::string pangoText(const std::string &text)
{
    std::string out
        = utf8Prefix(firstInvalidUtf8(text) == std::string::npos ? text : displayText(text),
                     kMaxTextBytes);
    std::replace_if(
        out.begin(),
        out.end(),
        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; },
        ' ');
    return out;
}

void setColour(cairo_t *cr, const Rgb &c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

} // namespace

struct PdfCanvas::Private
{
    std::string file;
    cairo_surface_t *surface = nullptr;
    cairo_t *cr = nullptr;
    PangoLayout *layout = nullptr;
    PangoFontDescription *fonts[3] = {};
    int pages = 1;
    bool finished = false;

    ~Private()
    {
        for (auto *f : fonts)
            if (f)
                pango_font_description_free(f);
        if (layout)
            g_object_unref(layout);
        if (cr)
            cairo_destroy(cr);
        if (surface)
            cairo_surface_destroy(surface);
    }

    /// Sets the layout's text and font in the current transformation; returns its width.
    double set(const std::string &text, double size, Font font)
    {
        pango_cairo_update_layout(cr, layout);
        PangoFontDescription *desc = fonts[int(font)];
        pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
        pango_layout_set_font_description(layout, desc);
        const std::string valid = pangoText(text);
        pango_layout_set_text(layout, valid.data(), int(valid.size()));
        PangoRectangle logical{};
        pango_layout_get_extents(layout, nullptr, &logical);
        return double(logical.width) / PANGO_SCALE;
    }

    void check(const char *what) const
    {
        if (const cairo_status_t s = cairo_status(cr); s != CAIRO_STATUS_SUCCESS)
            throw Error(std::string("cannot draw the PDF report (") + what
                        + "): " + cairo_status_to_string(s));
    }
};

PdfCanvas::PdfCanvas()
    : d(std::make_unique<Private>())
{
    d->surface = cairo_pdf_surface_create_for_stream(appendTo, &d->file, kWidth, kHeight);
    d->cr = cairo_create(d->surface);
    d->check("creating the document");
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "RecScope");
    d->layout = pango_cairo_create_layout(d->cr);
    PangoContext *context = pango_layout_get_context(d->layout);
    // A PDF has no pixel grid: glyph advances and positions as the fonts define them, unhinted
    // and unrounded, so measured widths are the widths drawn.
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(context, FALSE);
    pango_layout_context_changed(d->layout);
    pango_layout_set_single_paragraph_mode(d->layout,
                                           TRUE); // U+2028/2029 do not break lines either
    d->fonts[int(Font::Regular)] = pango_font_description_from_string("DejaVu Sans");
    d->fonts[int(Font::Bold)] = pango_font_description_from_string("DejaVu Sans Bold");
    d->fonts[int(Font::Mono)] = pango_font_description_from_string("DejaVu Sans Mono");
    cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_BUTT);
}

PdfCanvas::~PdfCanvas() = default;

void PdfCanvas::newPage()
{
    cairo_show_page(d->cr);
    ++d->pages;
}

int PdfCanvas::pages() const
{
    return d->pages;
}

double PdfCanvas::textWidth(const std::string &utf8, double size, Font font)
{
    return d->set(utf8, size, font);
}

void PdfCanvas::text(double x,
                     double y,
                     const std::string &utf8,
                     double size,
                     Font font,
                     Rgb c,
                     Anchor anchor,
                     double degrees)
{
    cairo_save(d->cr);
    cairo_translate(d->cr, x, y);
    cairo_rotate(d->cr, -degrees * M_PI / 180.0); // y runs down: counter-clockwise is negative
    const double width = d->set(utf8, size, font);
    const double shift = anchor == Anchor::Middle ? width / 2 : anchor == Anchor::End ? width : 0;
    const double baseline = double(pango_layout_get_baseline(d->layout)) / PANGO_SCALE;
    cairo_move_to(d->cr, -shift, -baseline); // the layout's origin is its top-left corner
    setColour(d->cr, c);
    pango_cairo_show_layout(d->cr, d->layout);
    cairo_restore(d->cr);
}

void PdfCanvas::line(double x1, double y1, double x2, double y2, Rgb c, double width)
{
    cairo_set_line_width(d->cr, width);
    setColour(d->cr, c);
    cairo_move_to(d->cr, x1, y1);
    cairo_line_to(d->cr, x2, y2);
    cairo_stroke(d->cr);
}

void PdfCanvas::rect(double x, double y, double w, double h, Rgb fill)
{
    setColour(d->cr, fill);
    cairo_rectangle(d->cr, x, y, w, h);
    cairo_fill(d->cr);
}

void PdfCanvas::polyline(const std::vector<std::pair<double, double>> &points, Rgb c, double width)
{
    if (points.size() < 2)
        return;
    cairo_set_line_width(d->cr, width);
    cairo_set_line_join(d->cr, CAIRO_LINE_JOIN_ROUND);
    setColour(d->cr, c);
    cairo_move_to(d->cr, points.front().first, points.front().second);
    for (std::size_t k = 1; k < points.size(); ++k)
        cairo_line_to(d->cr, points[k].first, points[k].second);
    cairo_stroke(d->cr);
    cairo_set_line_join(d->cr, CAIRO_LINE_JOIN_MITER);
}

void PdfCanvas::dot(double x, double y, double r, Rgb fill)
{
    setColour(d->cr, fill);
    cairo_new_sub_path(d->cr);
    cairo_arc(d->cr, x, y, r, 0, 2 * M_PI);
    cairo_fill(d->cr);
}

std::string PdfCanvas::finish(const std::string &title)
{
    if (d->finished)
        return d->file;
    d->check("drawing the pages");
    cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, pangoText(title).c_str());
    cairo_surface_finish(d->surface);
    if (const cairo_status_t s = cairo_surface_status(d->surface); s != CAIRO_STATUS_SUCCESS)
        throw Error(std::string("cannot write the PDF report: ") + cairo_status_to_string(s));
    d->finished = true;
    return d->file;
}

bool pdfSupported()
{
    return true;
}

#else // built without cairo and pango (e.g. a headless engine build on a GPU machine)

struct PdfCanvas::Private
{};

PdfCanvas::PdfCanvas()
{
    throw ConfigError("out",
                      "this RecScope was built without PDF support (RECSCOPE_WITH_PDF=OFF); write "
                      ".html, .json or "
                      ".csv, or rebuild with libcairo2-dev and libpango1.0-dev installed");
}
PdfCanvas::~PdfCanvas() = default;
void PdfCanvas::newPage() {}
int PdfCanvas::pages() const
{
    return 0;
}
double PdfCanvas::textWidth(const std::string &, double, Font)
{
    return 0;
}
void PdfCanvas::text(double, double, const std::string &, double, Font, Rgb, Anchor, double) {}
void PdfCanvas::line(double, double, double, double, Rgb, double) {}
void PdfCanvas::rect(double, double, double, double, Rgb) {}
void PdfCanvas::polyline(const std::vector<std::pair<double, double>> &, Rgb, double) {}
void PdfCanvas::dot(double, double, double, Rgb) {}
std::string PdfCanvas::finish(const std::string &)
{
    return {};
}
bool pdfSupported()
{
    return false;
}

#endif

} // namespace recscope::core::detail
