// SPDX-License-Identifier: MIT
#include "report/pdf_canvas.h"

#include <cmath>
#include <cstdio>

namespace recscope::core::detail {

namespace {

// Helvetica advance widths (per 1000 em) for ASCII 32..126, from its Adobe font metrics.
constexpr short kHelvetica[95] = {278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
                                  556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
                                  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
                                  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
                                  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};

std::string num(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", v);
    return text;
}

std::string colour(const Rgb &c, const char *op)
{
    return num(c.r) + " " + num(c.g) + " " + num(c.b) + " " + op + "\n";
}

double flip(double y)
{
    return PdfCanvas::kHeight - y;
}

/// One code point from UTF-8 at i (advancing i); U+FFFD on malformed input.
char32_t nextCodePoint(const std::string &s, std::size_t &i)
{
    const auto c = static_cast<unsigned char>(s[i++]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    char32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
    if (c >= 0x80 && extra == 0)
        return 0xFFFD;
    for (; extra > 0 && i < s.size(); --extra)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    return cp;
}

} // namespace

Rgb parseColour(const std::string &t)
{
    auto hex = [](char c) { return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0'; };
    if (t.size() == 7 && t[0] == '#')
        return {(hex(t[1]) * 16 + hex(t[2])) / 255.0, (hex(t[3]) * 16 + hex(t[4])) / 255.0, (hex(t[5]) * 16 + hex(t[6])) / 255.0};
    if (t.size() == 4 && t[0] == '#')
        return {hex(t[1]) * 17 / 255.0, hex(t[2]) * 17 / 255.0, hex(t[3]) * 17 / 255.0};
    return {};
}

std::string toWinAnsi(const std::string &utf8)
{
    std::string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t cp = nextCodePoint(utf8, i);
        if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
            out += char(cp);
        else if (cp == 0x2013) out += '\x96'; // – en dash
        else if (cp == 0x2014) out += '\x97'; // — em dash
        else if (cp == 0x2022) out += '\x95'; // • bullet
        else if (cp == 0x2026) out += '\x85'; // … ellipsis
        else if (cp == 0x2018 || cp == 0x2019) out += '\'';
        else if (cp == 0x201C || cp == 0x201D) out += '"';
        else if (cp == 0x2212) out += '-';    // − minus
        else if (cp == 0x2192) out += "->";
        else if (cp == 0x2264) out += "<=";
        else if (cp == 0x2265) out += ">=";
        else out += '?';
    }
    return out;
}

PdfCanvas::PdfCanvas()
{
    newPage();
}

void PdfCanvas::newPage()
{
    m_pages.emplace_back();
}

double PdfCanvas::textWidth(const std::string &utf8, double size, Font font)
{
    double units = 0;
    for (unsigned char c : toWinAnsi(utf8))
        units += font == Font::Mono ? 600 : c >= 32 && c <= 126 ? kHelvetica[c - 32] : 556;
    return units * size / 1000.0 * (font == Font::Bold ? 1.06 : 1.0);
}

void PdfCanvas::text(double x, double y, const std::string &utf8, double size, Font font, Rgb c, Anchor anchor, double degrees)
{
    const double w = textWidth(utf8, size, font);
    const double shift = anchor == Anchor::Middle ? w / 2 : anchor == Anchor::End ? w : 0;
    const double a = degrees * M_PI / 180.0, cs = std::cos(a), sn = std::sin(a);
    // Text runs along (cos, sin) in PDF space; the anchor shift moves the origin back along it.
    const double ox = x - shift * cs, oy = flip(y) - shift * sn;
    std::string escaped;
    for (char ch : toWinAnsi(utf8)) {
        if (ch == '(' || ch == ')' || ch == '\\')
            escaped += '\\';
        escaped += ch;
    }
    const char *name = font == Font::Bold ? "F2" : font == Font::Mono ? "F3" : "F1";
    page() += "BT " + colour(c, "rg") + "/" + name + " " + num(size) + " Tf " + num(cs) + " " + num(sn) + " " + num(-sn) + " " + num(cs) + " "
              + num(ox) + " " + num(oy) + " Tm (" + escaped + ") Tj ET\n";
}

void PdfCanvas::line(double x1, double y1, double x2, double y2, Rgb c, double width)
{
    page() += colour(c, "RG") + num(width) + " w " + num(x1) + " " + num(flip(y1)) + " m " + num(x2) + " " + num(flip(y2)) + " l S\n";
}

void PdfCanvas::rect(double x, double y, double w, double h, Rgb fill)
{
    page() += colour(fill, "rg") + num(x) + " " + num(flip(y + h)) + " " + num(w) + " " + num(h) + " re f\n";
}

void PdfCanvas::polyline(const std::vector<std::pair<double, double>> &points, Rgb c, double width)
{
    if (points.size() < 2)
        return;
    std::string path = colour(c, "RG") + num(width) + " w 1 j ";
    for (std::size_t k = 0; k < points.size(); ++k)
        path += num(points[k].first) + " " + num(flip(points[k].second)) + (k == 0 ? " m " : " l ");
    page() += path + "S\n";
}

void PdfCanvas::dot(double x, double y, double r, Rgb fill)
{
    // A circle from four Bézier quarters (k = 0.5523 r).
    const double k = 0.5523 * r, cx = x, cy = flip(y);
    page() += colour(fill, "rg") + num(cx + r) + " " + num(cy) + " m " + num(cx + r) + " " + num(cy + k) + " " + num(cx + k) + " " + num(cy + r) + " "
              + num(cx) + " " + num(cy + r) + " c " + num(cx - k) + " " + num(cy + r) + " " + num(cx - r) + " " + num(cy + k) + " " + num(cx - r)
              + " " + num(cy) + " c " + num(cx - r) + " " + num(cy - k) + " " + num(cx - k) + " " + num(cy - r) + " " + num(cx) + " " + num(cy - r)
              + " c " + num(cx + k) + " " + num(cy - r) + " " + num(cx + r) + " " + num(cy - k) + " " + num(cx + r) + " " + num(cy) + " c f\n";
}

std::string PdfCanvas::finish(const std::string &title) const
{
    // Objects: 1 catalog, 2 pages, 3–5 fonts, 6 info, then a page and its content per page.
    std::vector<std::string> objects;
    std::string kids;
    for (std::size_t p = 0; p < m_pages.size(); ++p)
        kids += std::to_string(7 + 2 * p) + " 0 R ";
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(m_pages.size()) + " >>");
    for (const char *font : {"Helvetica", "Helvetica-Bold", "Courier"})
        objects.push_back(std::string("<< /Type /Font /Subtype /Type1 /BaseFont /") + font + " /Encoding /WinAnsiEncoding >>");
    std::string safeTitle;
    for (char ch : toWinAnsi(title)) {
        if (ch == '(' || ch == ')' || ch == '\\')
            safeTitle += '\\';
        safeTitle += ch;
    }
    objects.push_back("<< /Title (" + safeTitle + ") /Producer (RecScope) >>");
    for (std::size_t p = 0; p < m_pages.size(); ++p) {
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + num(kWidth) + " " + num(kHeight) + "] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents "
                          + std::to_string(8 + 2 * p) + " 0 R >>");
        objects.push_back("<< /Length " + std::to_string(m_pages[p].size()) + " >>\nstream\n" + m_pages[p] + "endstream");
    }
    std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t k = 0; k < objects.size(); ++k) {
        offsets.push_back(out.size());
        out += std::to_string(k + 1) + " 0 obj\n" + objects[k] + "\nendobj\n";
    }
    const auto xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto o : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 6 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

} // namespace recscope::core::detail
