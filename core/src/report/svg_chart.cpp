// SPDX-License-Identifier: MIT
#include "report/svg_chart.h"

#include "util/utf8.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace recscope::core::detail {

namespace {

// A colour-blind-safe palette (Okabe–Ito), cycled.
constexpr const char *kColours[]
    = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
/// A series' own colour (a run's), else the palette's k-th.
std::string colourOf(const std::string &own, std::size_t k)
{
    return own.empty() ? kColours[k % 8] : own;
}

constexpr int kLeft = 64, kRight = 16, kTop = 32, kBottom = 64;

std::string num(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
}

std::string px(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

/// The frame both chart kinds share: title, y grid with tick labels, axis titles.
struct Frame
{
    int width, height;
    double yLo, yHi;
    double plotW() const { return width - kLeft - kRight; }
    double plotH() const { return height - kTop - kBottom; }
    double y(double v) const { return kTop + plotH() * (1 - (v - yLo) / (yHi - yLo)); }

    std::string open(const std::string &title,
                     const std::string &yTitle,
                     const std::vector<double> &ticks) const
    {
        std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\""
                        + std::to_string(width) + "\" height=\"" + std::to_string(height)
                        + "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height)
                        + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
        s += "<text x=\"" + std::to_string(width / 2)
             + "\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">" + escapeXml(title)
             + "</text>\n";
        for (double t : ticks) {
            s += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(width - kRight)
                 + "\" y1=\"" + px(y(t)) + "\" y2=\"" + px(y(t)) + "\" stroke=\"#ddd\"/>\n";
            s += "<text x=\"" + std::to_string(kLeft - 6) + "\" y=\"" + px(y(t) + 4)
                 + "\" text-anchor=\"end\">" + num(t) + "</text>\n";
        }
        s += "<text transform=\"translate(14," + px(kTop + plotH() / 2)
             + ") rotate(-90)\" text-anchor=\"middle\">" + escapeXml(yTitle) + "</text>\n";
        return s;
    }

    std::string legend(const std::vector<std::string> &names,
                       const std::vector<std::string> &colours) const
    {
        std::string s;
        double x = kLeft;
        for (std::size_t k = 0; k < names.size(); ++k) {
            const double at = height - 14;
            s += "<rect x=\"" + px(x) + "\" y=\"" + px(at - 9)
                 + "\" width=\"10\" height=\"10\" fill=\"" + colourOf(colours[k], k) + "\"/>";
            s += "<text x=\"" + px(x + 14) + "\" y=\"" + px(at) + "\">" + escapeXml(names[k])
                 + "</text>\n";
            x += 28 + 6.5 * double(names[k].size());
        }
        return s;
    }
};

std::pair<double, double> paddedRange(double lo, double hi)
{
    if (!(hi > lo)) {
        const double pad = std::max(1e-9, std::abs(lo) * 0.1 + (lo == 0 ? 1 : 0));
        return {lo - pad, hi + pad};
    }
    return {lo, hi};
}

} // namespace

std::string escapeXml(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default: {
            // XML 1.0 has no C0 controls but tab and newlines, and its text is well-formed UTF-8:
            // a dataset's stray bytes would break the SVG, so each becomes U+FFFD.
            const bool control
                = static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
            const std::size_t n = control ? 0 : utf8SequenceLength(text, i);
            // U+FFFE and U+FFFF (EF BF BE/BF) are well-formed UTF-8 but not XML characters.
            const bool nonCharacter = n == 3 && text.compare(i, 2, "\xEF\xBF") == 0
                                      && (text[i + 2] == '\xBE' || text[i + 2] == '\xBF');
            if (n > 0 && !nonCharacter) {
                out.append(text, i, n);
                i += n;
                continue;
            }
            if (nonCharacter)
                i += 2;
            out += "\xEF\xBF\xBD";
        }
        }
        ++i;
    }
    return out;
}

std::vector<double> niceTicks(double lo, double hi, int count)
{
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return {lo};
    const double raw = (hi - lo) / std::max(1, count);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / mag;
    const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    // From the round value at or below lo to the one at or above hi, so the ticks frame the data.
    std::vector<double> ticks;
    const double last = std::ceil(hi / step - 1e-9) * step;
    for (double t = std::floor(lo / step + 1e-9) * step; t <= last + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

std::string svgLineChart(const std::string &title,
                         const std::vector<SvgSeries> &series,
                         const std::string &xTitle,
                         const std::string &yTitle,
                         int width,
                         int height)
{
    double xLo = INFINITY, xHi = -INFINITY, yLo = INFINITY, yHi = -INFINITY;
    for (const auto &s : series)
        for (const auto &[x, y] : s.points)
            if (std::isfinite(x) && std::isfinite(y)) {
                xLo = std::min(xLo, x), xHi = std::max(xHi, x);
                yLo = std::min(yLo, y), yHi = std::max(yHi, y);
            }
    if (!std::isfinite(xLo)) // nothing to draw: an empty frame with the title
        xLo = 0, xHi = 1, yLo = 0, yHi = 1;
    std::tie(xLo, xHi) = paddedRange(xLo, xHi);
    std::tie(yLo, yHi) = paddedRange(yLo, yHi);
    const auto yTicks = niceTicks(yLo, yHi);
    const Frame f{width, height, yTicks.front(), yTicks.back()};
    auto xPos = [&](double x) { return kLeft + f.plotW() * (x - xLo) / (xHi - xLo); };
    std::string s = f.open(title, yTitle, yTicks);
    for (double t : niceTicks(xLo, xHi, 6))
        if (t >= xLo && t <= xHi)
            s += "<text x=\"" + px(xPos(t)) + "\" y=\"" + std::to_string(height - kBottom + 16)
                 + "\" text-anchor=\"middle\">" + num(t) + "</text>\n";
    s += "<text x=\"" + px(kLeft + f.plotW() / 2) + "\" y=\""
         + std::to_string(height - kBottom + 34) + "\" text-anchor=\"middle\">" + escapeXml(xTitle)
         + "</text>\n";
    std::vector<std::string> names, colours;
    for (std::size_t k = 0; k < series.size(); ++k) {
        std::string path, dots;
        for (const auto &[x, y] : series[k].points) {
            if (!std::isfinite(x) || !std::isfinite(y))
                continue;
            path += (path.empty() ? "" : " ") + px(xPos(x)) + "," + px(f.y(y));
            dots += "<circle cx=\"" + px(xPos(x)) + "\" cy=\"" + px(f.y(y)) + "\" r=\"2.5\" fill=\""
                    + colourOf(series[k].colour, k) + "\"><title>" + escapeXml(series[k].name)
                    + ": (" + num(x) + ", " + num(y) + ")</title></circle>";
        }
        s += "<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\""
             + colourOf(series[k].colour, k) + "\" points=\"" + path + "\"/>\n" + dots + "\n";
        names.push_back(series[k].name);
        colours.push_back(series[k].colour);
    }
    return s + f.legend(names, colours) + "</svg>\n";
}

std::string svgBarChart(const std::string &title,
                        const std::vector<std::string> &categories,
                        const std::vector<SvgBars> &sets,
                        const std::string &yTitle,
                        int width,
                        int height)
{
    double hi = 0, lo = 0;
    for (const auto &set : sets) {
        for (double v : set.values)
            if (std::isfinite(v))
                hi = std::max(hi, v), lo = std::min(lo, v);
        for (const auto *ends : {&set.low, &set.high})
            for (double v : *ends)
                if (std::isfinite(v))
                    hi = std::max(hi, v), lo = std::min(lo, v);
    }
    std::tie(lo, hi) = paddedRange(lo, hi);
    const auto ticks = niceTicks(lo, hi);
    const Frame f{width, height, ticks.front(), ticks.back()};
    std::string s = f.open(title, yTitle, ticks);
    const double group = f.plotW() / double(std::max<std::size_t>(1, categories.size()));
    const double bar = group * 0.8 / double(std::max<std::size_t>(1, sets.size()));
    std::vector<std::string> names, colours;
    for (std::size_t c = 0; c < categories.size(); ++c)
        s += "<text x=\"" + px(kLeft + group * (double(c) + 0.5)) + "\" y=\""
             + std::to_string(height - kBottom + 16) + "\" text-anchor=\"middle\">"
             + escapeXml(categories[c]) + "</text>\n";
    for (std::size_t k = 0; k < sets.size(); ++k) {
        names.push_back(sets[k].name);
        colours.push_back(sets[k].colour);
        for (std::size_t c = 0; c < std::min(categories.size(), sets[k].values.size()); ++c) {
            const double v = sets[k].values[c];
            if (!std::isfinite(v))
                continue;
            const double top = f.y(std::max(v, 0.0)), bottom = f.y(std::min(v, 0.0));
            s += "<rect x=\"" + px(kLeft + group * double(c) + group * 0.1 + bar * double(k))
                 + "\" y=\"" + px(top) + "\" width=\"" + px(bar * 0.92) + "\" height=\""
                 + px(std::max(0.5, bottom - top)) + "\" fill=\"" + colourOf(sets[k].colour, k)
                 + "\"><title>" + escapeXml(sets[k].name) + ", " + escapeXml(categories[c]) + ": "
                 + num(v) + "</title></rect>\n";
            if (c < sets[k].low.size() && c < sets[k].high.size()
                && sets[k].high[c] > sets[k].low[c]) { // an error bar with caps
                const double x = kLeft + group * double(c) + group * 0.1 + bar * (double(k) + 0.46),
                             cap = bar * 0.2;
                const double y0 = f.y(sets[k].low[c]), y1 = f.y(sets[k].high[c]);
                auto line = [&](double ax, double ay, double bx, double by) {
                    s += "<line x1=\"" + px(ax) + "\" y1=\"" + px(ay) + "\" x2=\"" + px(bx)
                         + "\" y2=\"" + px(by) + "\" stroke=\"#222222\"><title>"
                         + escapeXml(sets[k].name) + ", " + escapeXml(categories[c]) + ": " + num(v)
                         + " [" + num(sets[k].low[c]) + ", " + num(sets[k].high[c])
                         + "]</title></line>\n";
                };
                line(x, y0, x, y1);
                line(x - cap, y0, x + cap, y0);
                line(x - cap, y1, x + cap, y1);
            }
        }
    }
    return s + f.legend(names, colours) + "</svg>\n";
}

namespace {

/// White (0) to dark blue (1), linear in RGB: #f7fbff → #08306b.
std::string shade(double t)
{
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    auto mix = [&](int a, int b) { return int(std::lround(a + (b - a) * t)); };
    char text[8];
    std::snprintf(text,
                  sizeof text,
                  "#%02x%02x%02x",
                  mix(0xf7, 0x08),
                  mix(0xfb, 0x30),
                  mix(0xff, 0x6b));
    return text;
}

} // namespace

std::string svgHeatmap(const std::string &title,
                       const std::vector<std::string> &labels,
                       const std::vector<double> &values,
                       const std::string &xTitle,
                       const std::string &yTitle,
                       int cell)
{
    const auto n = labels.size();
    constexpr int labelW = 190, top = 32, bottom = 48, legendW = 70;
    const int width = labelW + int(n) * cell + legendW, height = top + int(n) * cell + bottom;
    double hi = 0;
    for (double v : values)
        if (std::isfinite(v))
            hi = std::max(hi, v);
    std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\""
                    + std::to_string(width) + "\" height=\"" + std::to_string(height)
                    + "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height)
                    + "\" font-family=\"sans-serif\" font-size=\"10\">\n";
    s += "<text x=\"" + std::to_string(width / 2)
         + "\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">" + escapeXml(title) + "</text>\n";
    for (std::size_t r = 0; r < n; ++r) {
        const double y = top + double(r) * cell;
        std::string label = labels[r].size() > 30 ? labels[r].substr(0, 29) + "…" : labels[r];
        s += "<text x=\"" + std::to_string(labelW - 6) + "\" y=\"" + px(y + cell * 0.7)
             + "\" text-anchor=\"end\">" + escapeXml(label) + "</text>\n";
        for (std::size_t c = 0; c < n && r * n + c < values.size(); ++c) {
            const double v
                = values[r * n + c]; // cells overlap by 0.4 px: no hairline seams when rasterised
            s += "<rect x=\"" + px(labelW + double(c) * cell) + "\" y=\"" + px(y) + "\" width=\""
                 + px(cell + 0.4) + "\" height=\"" + px(cell + 0.4) + "\" fill=\""
                 + shade(hi > 0 ? v / hi : 0) + "\"><title>" + escapeXml(labels[r]) + " → "
                 + escapeXml(labels[c]) + ": " + num(v) + "</title></rect>\n";
        }
    }
    for (std::size_t c = 0; c < n; ++c)
        if (n <= 12 || c % 2 == (n - 1) % 2) // every other number on wide maps, always the last
            s += "<text x=\"" + px(labelW + (double(c) + 0.5) * cell) + "\" y=\""
                 + px(top + double(n) * cell + 14) + "\" text-anchor=\"middle\">"
                 + std::to_string(c + 1) + "</text>\n";
    s += "<text x=\"" + px(labelW + double(n) * cell / 2) + "\" y=\""
         + px(top + double(n) * cell + 32) + "\" text-anchor=\"middle\">" + escapeXml(xTitle)
         + "</text>\n";
    s += "<text x=\"" + std::to_string(labelW - 6) + "\" y=\"" + std::to_string(top - 4)
         + "\" text-anchor=\"end\">" + escapeXml(yTitle) + "</text>\n";
    // The colour scale: five steps from 0 to the largest value.
    const double lx = labelW + double(n) * cell + 14;
    for (int k = 0; k <= 4; ++k) {
        const double y = top + k * 16.0;
        s += "<rect x=\"" + px(lx) + "\" y=\"" + px(y) + "\" width=\"12\" height=\"16\" fill=\""
             + shade(1 - k / 4.0) + "\"/>";
        s += "<text x=\"" + px(lx + 16) + "\" y=\"" + px(y + 12) + "\">" + num(hi * (1 - k / 4.0))
             + "</text>\n";
    }
    return s + "</svg>\n";
}

} // namespace recscope::core::detail
