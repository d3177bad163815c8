// SPDX-License-Identifier: MIT
#pragma once
// A small PDF 1.4 writer for reports (the engine has no Qt): A4 pages, the standard Helvetica,
// Helvetica-Bold and Courier fonts (WinAnsi text), lines, rectangles, polylines and dots.
// Coordinates are points from the top-left corner, y downwards.

#include <recscope/core/export.h>

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
    enum class Font { Regular, Bold, Mono };
    enum class Anchor { Start, Middle, End };
    static constexpr double kWidth = 595.28, kHeight = 841.89;

    PdfCanvas();
    void newPage();
    int pages() const { return int(m_pages.size()); }

    void text(double x, double y, const std::string &utf8, double size, Font font = Font::Regular, Rgb colour = {},
              Anchor anchor = Anchor::Start, double degrees = 0);
    void line(double x1, double y1, double x2, double y2, Rgb colour, double width = 0.5);
    void rect(double x, double y, double w, double h, Rgb fill);
    void polyline(const std::vector<std::pair<double, double>> &points, Rgb colour, double width = 1);
    void dot(double x, double y, double radius, Rgb fill);

    /// Width in points of text set in a font (Helvetica's metrics; bold approximated).
    static double textWidth(const std::string &utf8, double size, Font font = Font::Regular);
    /// The whole file.
    std::string finish(const std::string &title) const;

private:
    std::string &page() { return m_pages.back(); }
    std::vector<std::string> m_pages;
};

/// UTF-8 to the WinAnsi bytes the standard fonts use; what WinAnsi lacks becomes '?' (a few
/// common signs map to their nearest: − → -, ≥ → >=).
RS_CORE_TEST_EXPORT std::string toWinAnsi(const std::string &utf8);

} // namespace recscope::core::detail
