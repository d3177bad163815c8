// SPDX-License-Identifier: MIT
// The PDF report: the HTML report's blocks (headings, paragraphs, tables, specs, charts) laid
// out on A4 pages, so both files hold the same content. It reads only the HTML this engine
// writes (html_report.cpp), not HTML in general; the charts' SVG is redrawn as PDF vectors.
#include "report/pdf_canvas.h"
#include "report/report_model.h"

#include <algorithm>
#include <map>
#include <regex>
#include <utility>
#include <vector>

namespace recscope::core::detail {

namespace {

using Font = PdfCanvas::Font;
using Anchor = PdfCanvas::Anchor;
constexpr double kMargin = 40, kContent = PdfCanvas::kWidth - 2 * kMargin,
                 kBottom = PdfCanvas::kHeight - kMargin;

std::string unescape(std::string s)
{
    for (const auto &[from, to] :
         std::vector<std::pair<std::string, std::string>>{{"&lt;", "<"},
                                                          {"&gt;", ">"},
                                                          {"&quot;", "\""},
                                                          {"&#39;", "'"},
                                                          {"&amp;", "&"}}) {
        for (std::size_t at = s.find(from); at != std::string::npos;
             at = s.find(from, at + to.size()))
            s.replace(at, from.size(), to);
    }
    return s;
}

std::string plain(const std::string &html)
{
    return unescape(std::regex_replace(html, std::regex("<[^>]*>"), ""));
}

std::map<std::string, std::string> attributes(const std::string &tag)
{
    std::map<std::string, std::string> out;
    static const std::regex attr("([a-zA-Z-]+)=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(tag.begin(), tag.end(), attr); it != std::sregex_iterator();
         ++it)
        out[(*it)[1]] = (*it)[2];
    return out;
}

double number(const std::map<std::string, std::string> &a, const std::string &key)
{
    const auto it = a.find(key);
    return it == a.end() ? 0.0 : std::atof(it->second.c_str());
}

class Layout
{
public:
    explicit Layout(PdfCanvas &pdf)
        : m_pdf(pdf)
    {}

    void room(double height)
    {
        if (m_y + height > kBottom && m_y > kMargin + 1) {
            m_pdf.newPage();
            m_y = kMargin;
        }
    }

    void heading(const std::string &text, double size)
    {
        room(size * 2.5
             + 60); // with a few lines of what follows: no heading alone at a page's foot
        m_y += size * 0.9;
        for (const auto &line : wrap(text, size, Font::Bold)) {
            m_pdf.text(kMargin, m_y + size * 0.8, line, size, Font::Bold);
            m_y += size * 1.3;
        }
        if (size >= 13)
            m_pdf.line(kMargin,
                       m_y - size * 0.3,
                       kMargin + kContent,
                       m_y - size * 0.3,
                       parseColour("#cccccc"));
    }

    void paragraph(const std::string &text, double size = 9, Font font = Font::Regular)
    {
        for (const auto &line : wrap(text, size, font)) {
            room(size * 1.35);
            m_pdf.text(kMargin, m_y + size, line, size, font);
            m_y += size * 1.35;
        }
        m_y += size * 0.4;
    }

    void preformatted(const std::string &text)
    {
        std::size_t from = 0;
        while (from < text.size()) {
            const auto to = std::min(text.find('\n', from), text.size());
            room(8.5);
            m_pdf.text(kMargin, m_y + 7, text.substr(from, to - from), 6.5, Font::Mono);
            m_y += 8.5;
            from = to + 1;
        }
        m_y += 4;
    }

    void table(const std::string &html);
    void chart(const std::string &svg);
    /// Lines of at most the content width, broken at spaces, and between characters inside a
    /// word wider than a line (Chinese and Japanese have no spaces; a long URL).
    std::vector<std::string> wrap(const std::string &text, double size, Font font);
    /// The text, or its longest prefix of whole characters that fits with an ellipsis.
    std::string fit(const std::string &text, double size, Font font, double width);
    /// Bytes of the longest prefix of whole characters within width plus suffix's; at least one
    /// character, so that breaking a line always moves on.
    std::size_t fitting(const std::string &text,
                        double size,
                        Font font,
                        double width,
                        const std::string &suffix = {});

private:
    PdfCanvas &m_pdf;
    double m_y = kMargin;
};

void Layout::table(const std::string &html)
{
    static const std::regex rowRe("<tr>(.*?)</tr>"), cellRe("<t([hd])>(.*?)</t[hd]>");
    std::vector<std::vector<std::pair<std::string, bool>>> rows; // text, bold
    for (auto r = std::sregex_iterator(html.begin(), html.end(), rowRe);
         r != std::sregex_iterator();
         ++r) {
        const std::string row = (*r)[1];
        std::vector<std::pair<std::string, bool>> cells;
        for (auto c = std::sregex_iterator(row.begin(), row.end(), cellRe);
             c != std::sregex_iterator();
             ++c)
            cells.emplace_back(plain((*c)[2]),
                               (*c)[1] == "h"
                                   || std::string((*c)[2]).find("<b>") != std::string::npos);
        rows.push_back(std::move(cells));
    }
    if (rows.empty())
        return;
    const std::size_t columns = rows.front().size();
    double size = 7.5;
    std::vector<double> widths(columns, 0);
    for (const auto &row : rows)
        for (std::size_t c = 0; c < std::min(columns, row.size()); ++c)
            widths[c] = std::max(widths[c],
                                 m_pdf.textWidth(row[c].first,
                                                 size,
                                                 row[c].second ? Font::Bold : Font::Regular)
                                     + 6);
    double total = 0;
    for (double w : widths)
        total += w;
    if (total > kContent) { // shrink the font first (down to 6 pt), then cut the widest columns
        size = std::max(6.0, size * kContent / total);
        for (auto &w : widths)
            w = w * size / 7.5;
        total = 0;
        for (double w : widths)
            total += w;
        for (auto &w : widths)
            w = std::min(w,
                         std::max(kContent / double(columns), w * kContent / std::max(total, 1.0)));
    }
    const double rowHeight = size * 1.6;
    auto drawRow = [&](const std::vector<std::pair<std::string, bool>> &row, bool header) {
        room(rowHeight);
        double x = kMargin;
        if (header)
            m_pdf.rect(kMargin, m_y, std::min(kContent, total), rowHeight, parseColour("#f0f0f0"));
        for (std::size_t c = 0; c < std::min(columns, row.size()); ++c) {
            const Font font = row[c].second ? Font::Bold : Font::Regular;
            m_pdf.text(x + 3,
                       m_y + size * 1.15,
                       fit(row[c].first, size, font, widths[c] - 4),
                       size,
                       font);
            x += widths[c];
        }
        m_pdf.line(kMargin,
                   m_y + rowHeight,
                   kMargin + std::min(kContent, total),
                   m_y + rowHeight,
                   parseColour("#dddddd"));
        m_y += rowHeight;
    };
    drawRow(rows.front(), true);
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (m_y + rowHeight > kBottom) { // a new page repeats the header
            room(2 * rowHeight + kBottom);
            drawRow(rows.front(), true);
        }
        drawRow(rows[r], false);
    }
    m_y += 6;
}

std::vector<std::string> Layout::wrap(const std::string &text, double size, Font font)
{
    std::vector<std::string> lines;
    std::string line;
    for (std::size_t from = 0; from <= text.size();) {
        const auto to = std::min(text.find(' ', from), text.size());
        const std::string word = text.substr(from, to - from);
        if (!line.empty() && m_pdf.textWidth(line + " " + word, size, font) > kContent)
            lines.push_back(std::exchange(line, {}));
        line += (line.empty() ? "" : " ") + word;
        while (m_pdf.textWidth(line, size, font) > kContent) {
            const std::size_t fits = fitting(line, size, font, kContent);
            lines.push_back(line.substr(0, fits));
            line.erase(0, fits);
        }
        from = to + 1;
    }
    if (!line.empty())
        lines.push_back(std::move(line));
    return lines;
}

std::string Layout::fit(const std::string &text, double size, Font font, double width)
{
    if (m_pdf.textWidth(text, size, font) <= width)
        return text;
    return utf8Prefix(text, fitting(text, size, font, width, "\u2026")) + "\u2026";
}

std::size_t Layout::fitting(
    const std::string &text, double size, Font font, double width, const std::string &suffix)
{
    std::size_t lo = 0, hi = text.size(); // the prefix of lo bytes fits, of hi does not
    while (hi - lo > 1) {
        const std::size_t mid = (lo + hi) / 2;
        (m_pdf.textWidth(utf8Prefix(text, mid) + suffix, size, font) <= width ? lo : hi) = mid;
    }
    if (const std::size_t fits = utf8Prefix(text, lo).size(); fits > 0)
        return fits;
    std::size_t one = std::min<std::size_t>(1, text.size()); // the first character's bytes
    while (one < text.size() && (static_cast<unsigned char>(text[one]) & 0xC0) == 0x80)
        ++one;
    return one;
}

void Layout::chart(const std::string &svg)
{
    const auto frame = attributes(svg.substr(0, svg.find('>')));
    const double w = number(frame, "width"), h = number(frame, "height");
    if (w <= 0 || h <= 0)
        return;
    const double scale
        = std::min(1.0, kContent / w) * 0.9; // a little smaller than the page: room for the text
    room(h * scale + 8);
    const double ox = kMargin, oy = m_y;
    auto X = [&](double x) { return ox + x * scale; };
    auto Y = [&](double y) { return oy + y * scale; };
    static const std::regex element("<(line|polyline|circle|rect|text)([^>]*)>([^<]*)");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), element);
         it != std::sregex_iterator();
         ++it) {
        const std::string kind = (*it)[1];
        const auto a = attributes((*it)[2]);
        if (kind == "line") {
            m_pdf.line(X(number(a, "x1")),
                       Y(number(a, "y1")),
                       X(number(a, "x2")),
                       Y(number(a, "y2")),
                       parseColour(a.count("stroke") ? a.at("stroke") : ""),
                       0.5);
        } else if (kind == "rect") {
            m_pdf.rect(X(number(a, "x")),
                       Y(number(a, "y")),
                       number(a, "width") * scale,
                       number(a, "height") * scale,
                       parseColour(a.count("fill") ? a.at("fill") : ""));
        } else if (kind == "circle") {
            m_pdf.dot(X(number(a, "cx")),
                      Y(number(a, "cy")),
                      number(a, "r") * scale,
                      parseColour(a.count("fill") ? a.at("fill") : ""));
        } else if (kind == "polyline") {
            std::vector<std::pair<double, double>> points;
            static const std::regex pair("(-?[0-9.]+),(-?[0-9.]+)");
            const std::string list = a.count("points") ? a.at("points") : "";
            for (auto p = std::sregex_iterator(list.begin(), list.end(), pair);
                 p != std::sregex_iterator();
                 ++p)
                points.emplace_back(X(std::atof((*p)[1].str().c_str())),
                                    Y(std::atof((*p)[2].str().c_str())));
            m_pdf.polyline(points,
                           parseColour(a.count("stroke") ? a.at("stroke") : ""),
                           1.4 * scale);
        } else {
            const double size = (a.count("font-size") ? number(a, "font-size") : 11) * scale;
            const std::string anchor = a.count("text-anchor") ? a.at("text-anchor") : "start";
            const Anchor an = anchor == "middle" ? Anchor::Middle
                              : anchor == "end"  ? Anchor::End
                                                 : Anchor::Start;
            double x = number(a, "x"), y = number(a, "y"), degrees = 0;
            if (a.count("transform")) { // translate(a,b) rotate(-90): the y-axis title
                std::smatch m;
                const std::string t = a.at("transform");
                if (std::regex_search(t, m, std::regex("translate\\((-?[0-9.]+),(-?[0-9.]+)\\)")))
                    x = std::atof(m[1].str().c_str()), y = std::atof(m[2].str().c_str());
                if (t.find("rotate(-90)") != std::string::npos)
                    degrees = 90; // PDF angles run counter-clockwise: text reads upwards
            }
            m_pdf.text(X(x), Y(y), unescape((*it)[3]), size, Font::Regular, {}, an, degrees);
        }
    }
    m_y += h * scale + 8;
}

} // namespace

std::string renderPdf(const std::string &html, const std::string &title)
{
    PdfCanvas pdf;
    Layout layout(pdf);
    static const std::regex block("<(h1|h2|h3|p|pre|table|svg)\\b[^>]*>");
    const auto bodyAt = html.find("<body>");
    const std::string body = html.substr(bodyAt == std::string::npos ? 0 : bodyAt);
    std::smatch m;
    for (std::size_t pos = 0;
         std::regex_search(body.cbegin() + std::ptrdiff_t(pos), body.cend(), m, block);) {
        const std::string tag = m[1];
        const auto start = pos + std::size_t(m.position(0)),
                   openEnd = start + std::size_t(m.length(0));
        const auto close = body.find("</" + tag + ">", openEnd);
        if (close == std::string::npos)
            break;
        const std::string inner = body.substr(openEnd, close - openEnd);
        if (tag == "h1")
            layout.heading(plain(inner), 18);
        else if (tag == "h2")
            layout.heading(plain(inner), 14);
        else if (tag == "h3")
            layout.heading(plain(inner), 10.5);
        else if (tag == "p")
            layout.paragraph(plain(inner));
        else if (tag == "pre")
            layout.preformatted(unescape(inner));
        else if (tag == "table")
            layout.table(inner);
        else
            layout.chart(body.substr(start, close + 6 - start));
        pos = close + tag.size() + 3; // blocks never nest in the report's HTML
    }
    return pdf.finish(title);
}

} // namespace recscope::core::detail
