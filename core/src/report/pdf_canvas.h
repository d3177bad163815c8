// SPDX-License-Identifier: MIT
#pragma once
// The report's PDF pages, drawn with cairo's PDF surface and text shaped by pango (issue 16): any
// UTF-8 text renders as in the HTML report (Latin, Greek, Cyrillic, Arabic, Hebrew, CJK — each
// from the first installed font that has its glyphs), embedded as font subsets with their
// Unicode text, so a PDF reader can search and copy it. A4 pages; coordinates are points from
// the top-left corner, y downwards. Fonts: DejaVu Sans (regular, bold) and DejaVu Sans Mono,
// with fontconfig's fallbacks for scripts they lack.

#include <recscope/core/export.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace recscope::core::detail {

struct Rgb
{
    double r = 0, g = 0, b = 0;
};

/// "#rrggbb" or "#rgb"; black for anything else.
RS_CORE_TEST_EXPORT Rgb parseColour(const std::string &text);

class RS_CORE_TEST_EXPORT PdfCanvas
{
public:
    enum class Font {
        Regular,
        Bold,
        Mono
    };
    enum class Anchor {
        Start,
        Middle,
        End
    };
    static constexpr double kWidth = 595.28, kHeight = 841.89;

    /// Throws ConfigError when this build has no PDF support (configured without cairo/pango).
    PdfCanvas();
    ~PdfCanvas();
    PdfCanvas(const PdfCanvas &) = delete;
    PdfCanvas &operator=(const PdfCanvas &) = delete;

    void newPage();
    int pages() const;

    /// Text on the baseline at (x, y), rotated counter-clockwise by degrees around that point.
    void text(double x,
              double y,
              const std::string &utf8,
              double size,
              Font font = Font::Regular,
              Rgb colour = {},
              Anchor anchor = Anchor::Start,
              double degrees = 0);
    void line(double x1, double y1, double x2, double y2, Rgb colour, double width = 0.5);
    void rect(double x, double y, double w, double h, Rgb fill);
    void
    polyline(const std::vector<std::pair<double, double>> &points, Rgb colour, double width = 1);
    void dot(double x, double y, double radius, Rgb fill);

    /// Advance width in points of text as it would be set (shaped, with fallback fonts).
    double textWidth(const std::string &utf8, double size, Font font = Font::Regular);
    /// Ends the document (title in its metadata) and returns the whole file.
    std::string finish(const std::string &title);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

/// Whether this build writes PDF (cairo and pango were found when it was configured).
RS_CORE_TEST_EXPORT bool pdfSupported();

/// The longest prefix of UTF-8 text made of whole code points and at most maxBytes long.
RS_CORE_TEST_EXPORT std::string utf8Prefix(const std::string &utf8, std::size_t maxBytes);

} // namespace recscope::core::detail
