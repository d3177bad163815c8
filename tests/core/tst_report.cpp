// SPDX-License-Identifier: MIT
// Reports: the SVG chart writer (escaping, ticks, well-formed output) and a whole report of a
// fixture project, checked against the numbers in the store.
#include "report/html_parts.h"
#include "report/pdf_canvas.h"
#include "report/svg_chart.h"
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/csv.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/feedback_loop.h>
#include <recscope/core/registry.h>
#include <recscope/core/report.h>
#include <recscope/core/store.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtCore/QXmlStreamReader>
#include <QtTest/QtTest>

using namespace recscope;
using namespace recscope::core;
using namespace recscope::core::detail;

namespace {

/// Every <svg>…</svg> of a document, each checked to be well-formed XML.
int wellFormedCharts(const QString &html)
{
    int n = 0;
    QRegularExpression re(QStringLiteral("<svg.*?</svg>"),
                          QRegularExpression::DotMatchesEverythingOption);
    for (auto it = re.globalMatch(html); it.hasNext(); ++n) {
        QXmlStreamReader xml(it.next().captured(0));
        while (!xml.atEnd())
            xml.readNext();
        if (xml.hasError())
            return -1;
    }
    return n;
}

QString fourDecimals(double v)
{
    return QString::number(v, 'f', 4);
}

} // namespace

class tst_Report : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { registerBuiltins(m_registry); }

    void chartsAreEscapedWellFormedAndFramed()
    {
        QCOMPARE(escapeXml("a<b & \"c\" 'd'>"),
                 std::string("a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"));
        QCOMPARE(escapeXml(std::string("a\x01"
                                       "b\0c\td",
                                       7)),
                 std::string("a\xEF\xBF\xBD"
                             "b\xEF\xBF\xBD"
                             "c\td")); // XML has no such characters
        QCOMPARE(escapeXml("a\xEF\xBF\xBE"
                           "b\xEF\xBF\xBF"),
                 std::string("a\xEF\xBF\xBD"
                             "b\xEF\xBF\xBD")); // U+FFFE, U+FFFF: no XML characters
        // Bytes that are not UTF-8 (a Latin-1 title, a truncated sequence, an encoded surrogate)
        // too.
        QCOMPARE(escapeXml("caf\xE9 \xC3 \xED\xA0\x80 \xC3\xA9"),
                 std::string(
                     "caf\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA9"));
        // Table cells are text whatever they start with (a genre or concept label once started
        // with the byte that marked raw HTML); the best value is bold through the cell's type.
        const std::string cells
            = table({"group"}, {{Cell("\x01<img src=x onerror=alert(1)>")}, {Cell("0.5", true)}});
        QVERIFY(cells.find("<img") == std::string::npos);
        QVERIFY(cells.find("<td>\xEF\xBF\xBD&lt;img src=x onerror=alert(1)&gt;</td>")
                != std::string::npos);
        QVERIFY(cells.find("<td><b>0.5</b></td>") != std::string::npos);
        // CSV fields (RFC 4180 quoting; OWASP's apostrophe before what a spreadsheet would run).
        QCOMPARE(csvField("BPR-MF"), std::string("BPR-MF"));
        QCOMPARE(csvField("a,b \"c\""), std::string("\"a,b \"\"c\"\"\""));
        QCOMPARE(csvField("=HYPERLINK(\"http://x\",\"y\")"),
                 std::string("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
        for (const char *formula : {"+1", "-1+2", "@SUM(A1)", "\tx", "\rx"})
            QCOMPARE(csvField(formula).substr(0, 2), std::string("\"'"));
        QCOMPARE(csvField(""), std::string());
        // Range 0..0.93 in about 5 steps: raw step 0.186 → 0.2; ticks frame the data from 0 to 1.
        QCOMPARE(niceTicks(0, 0.93),
                 (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
        // −197..61: raw step 51.6 → 50; from −200 (below −197) to 100 (above 61).
        QCOMPARE(niceTicks(-197, 61), (std::vector<double>{-200, -150, -100, -50, 0, 50, 100}));
        const auto svg
            = svgLineChart("t <1>",
                           {{"<script>", {{0, 1}, {1, 2}}}, {"b", {{0, 3}, {1, NAN}, {2, 4}}}},
                           "x",
                           "y");
        QVERIFY(svg.find("<script>") == std::string::npos);
        QVERIFY(svg.find("&lt;script&gt;") != std::string::npos);
        QCOMPARE(wellFormedCharts(QString::fromStdString(svg)), 1);
        QCOMPARE(QString::fromStdString(svg).count(QStringLiteral("<polyline")), 2);
        QCOMPARE(QString::fromStdString(svg).count(QStringLiteral("<circle")),
                 4); // the NaN point is skipped
        const auto bars
            = svgBarChart("b",
                          {"NDCG@10", "Recall@10"},
                          {{"run 1", {0.1, 0.2}, {}, {}}, {"run 2", {0.3, NAN}, {}, {}}},
                          "v");
        QCOMPARE(QString::fromStdString(bars).count(QStringLiteral("<rect x=")),
                 3 + 2); // 3 bars + 2 legend swatches
        QCOMPARE(wellFormedCharts(QString::fromStdString(bars)), 1);
    }

    void pdfTextIsShapedWithDejaVuWidths()
    {
        // Advance widths from DejaVu Sans 2.37's hmtx table (units per em 2048; read with
        // fontTools): a 1255, b 1300, i 569; bold a 1382, b 1466; mono a 1233. At 10 pt, "ab" is
        // (1255 + 1300) / 2048 × 10 = 12.476 points.
        if (!pdfSupported()) { // configured with RECSCOPE_WITH_PDF=OFF: refused with a message
            RS_EXPECT_ERROR(PdfCanvas(), ConfigError, "without PDF support", "libpango1.0-dev");
            return;
        }
        PdfCanvas pdf;
        RS_COMPARE_NEAR(pdf.textWidth("ab", 10), 12.4756, 2e-3);
        RS_COMPARE_NEAR(pdf.textWidth("i", 10), 2.7783, 2e-3);
        RS_COMPARE_NEAR(pdf.textWidth("ab", 10, PdfCanvas::Font::Bold), 13.9063, 2e-3);
        RS_COMPARE_NEAR(pdf.textWidth("ab", 10, PdfCanvas::Font::Mono), 12.0410, 2e-3);
        QVERIFY(pdf.textWidth("\u6620\u753b", 10)
                > 15); // two ideographs from a fallback font, each about 1 em
        QCOMPARE(utf8Prefix("ab\u00e9", 3), std::string("ab")); // never half a character
        QCOMPARE(utf8Prefix("ab\u00e9", 4), std::string("ab\u00e9"));
        QCOMPARE(utf8Prefix("\u6620", 2), std::string());
        QCOMPARE(parseColour("#ddd").r, 221 / 255.0);
        QCOMPARE(parseColour("#0072B2").b, 0xB2 / 255.0);
    }

    void attentionMapsOfSequentialRuns()
    {
        // The heatmap: 2×2 cells shaded by value / max (white #f7fbff at 0, #08306b at the max) + 5
        // legend steps.
        const QString map
            = QString::fromStdString(svgHeatmap("h", {"a", "b"}, {0, 1, 0.5, 0}, "key", "query"));
        QCOMPARE(wellFormedCharts(map), 1);
        QCOMPARE(map.count(QStringLiteral("<rect x=")), 4 + 5);
        QVERIFY(map.contains(QStringLiteral("fill=\"#08306b\"><title>a → b: 1</title>")));
        QVERIFY(map.contains(QStringLiteral("fill=\"#f7fbff\"><title>a → a: 0</title>")));

        const std::string db = m_dir.filePath(QStringLiteral("seq.db")).toStdString();
        ProjectStore store(db);
        ExperimentRunner runner(m_registry, store);
        runner.setCheckpointDir(m_dir.filePath(QStringLiteral("seq-checkpoints")).toStdString());
        RunObserver quiet;
        const auto id
            = runner
                  .run(
                      ExperimentSpec::fromJson(
                          R"({"name": "seq", "dataset": {"synthetic": {"users": 150, "items": 100}},
            "eval": {"metrics": ["NDCG"], "ks": [10]}, "device": "cpu",
            "models": [{"id": "sasrec", "params": {"epochs": 1, "max_len": 8, "n_heads": 2, "hidden_size": 8}}]})",
                          m_registry),
                      {},
                      quiet)
                  .runIds.front();
        ReportConfig config;
        config.registry = &m_registry;
        const auto doc
            = QJsonDocument::fromJson(QByteArray::fromStdString(reportJson(store, config)));
        const QJsonObject attention = doc.object()[QStringLiteral("runs")]
                                          .toArray()
                                          .first()
                                          .toObject()[QStringLiteral("attention")]
                                          .toObject();
        const auto items = attention[QStringLiteral("items")].toArray().size(), n = qsizetype(8);
        QCOMPARE(items, n); // the whole window: every synthetic user has more than 8 items
        const QJsonArray w = attention[QStringLiteral("weights")].toArray();
        QCOMPARE(w.size(), n * n);
        // Each query's softmax sums to 1 over the keys, and SASRec's causal mask hides later keys.
        for (qsizetype q = 0; q < n; ++q) {
            double sum = 0;
            for (qsizetype k = 0; k < n; ++k) {
                sum += w[q * n + k].toDouble();
                if (k > q)
                    QCOMPARE(w[q * n + k].toDouble(), 0.0);
            }
            RS_COMPARE_NEAR(sum, 1.0, 1e-4);
        }
        const QString html = QString::fromStdString(renderHtmlReport(store, config));
        QVERIFY(html.contains(QStringLiteral("id=\"attention\""))
                && html.contains(QStringLiteral("href=\"#attention\"")));
        QCOMPARE(html.count(QStringLiteral("Self-attention, #%1").arg(id)), 1);
        config.registry = nullptr; // without one the runs cannot be reopened: no section
        QVERIFY(!QString::fromStdString(renderHtmlReport(store, config))
                     .contains(QStringLiteral("id=\"attention\"")));
    }

    void reportsAProjectWithItsStoredNumbers()
    {
        const std::string db = m_dir.filePath(QStringLiteral("p.db")).toStdString();
        ProjectStore store(db);
        ExperimentRunner runner(m_registry, store);
        struct Quiet final : RunObserver
        {
        } quiet;
        const auto runs
            = runner
                  .run(
                      ExperimentSpec::fromJson(
                          R"({"name": "rep", "dataset": {"synthetic": {"users": 300, "items": 200}},
            "eval": {"metrics": ["NDCG", "Recall"], "ks": [10]}, "audits": {"k": 10, "bootstrap": 50},
            "models": [{"id": "pop", "label": "Pop <b>"}, {"id": "bpr", "params": {"epochs": 3}}]})",
                          m_registry),
                      {},
                      quiet)
                  .runIds;
        FeedbackLoopConfig loop;
        loop.rounds = 2;
        loop.epochs = 1;
        runFeedbackLoop(m_registry, store, runs[0], loop);

        ReportConfig config;
        config.title = "Q3 <audit>";
        const QString html = QString::fromStdString(renderHtmlReport(store, config));
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(html.contains(QStringLiteral("<h1>Q3 &lt;audit&gt;</h1>")));
        QVERIFY(html.contains(QStringLiteral("#1 Pop &lt;b&gt;")));
        QVERIFY(!html.contains(QStringLiteral("src="))
                && !html.contains(QStringLiteral("<script"))); // nothing external, no scripts
        // The runs table holds the stored test metrics, the better of the two in bold.
        const double popNdcg = store.finalMetrics(runs[0], "test").at("NDCG@10"),
                     bprNdcg = store.finalMetrics(runs[1], "test").at("NDCG@10");
        QVERIFY(html.contains(fourDecimals(popNdcg)));
        QVERIFY(html.contains(
            QStringLiteral("<b>%1</b>").arg(fourDecimals(std::max(popNdcg, bprNdcg)))));
        // Charts: test metrics; train/loss, valid/NDCG@10 and valid/Recall@10 curves; NDCG per
        // group; the loop's three.
        QCOMPARE(wellFormedCharts(html), 1 + 3 + 1 + 3);
        for (const char *section : {"id=\"runs\"",
                                    "id=\"curves\"",
                                    "id=\"fairness\"",
                                    "id=\"loop\"",
                                    "id=\"data\"",
                                    "id=\"environment\"",
                                    "href=\"#loop\"",
                                    "attacker reads the attribute",
                                    "Experiment 1 spec",
                                    "libtorch"})
            QVERIFY2(html.contains(QLatin1String(section)), section);
        QVERIFY(!html.contains(
            QStringLiteral("id=\"extraction\""))); // nothing extracted: no empty section

        // One run, no curves or audits: fewer charts; an unknown run is named.
        config.runs = {runs[1]};
        config.curves = config.audits = false;
        const QString one = QString::fromStdString(renderHtmlReport(store, config));
        QCOMPARE(wellFormedCharts(one), 1);
        QVERIFY(!one.contains(QStringLiteral("#1 Pop &lt;b&gt;"))); // the spec still names it
        config.runs = {99};
        RS_EXPECT_ERROR(renderHtmlReport(store, config), ConfigError, "'runs'", "no run 99");

        // JSON and CSV carry the same numbers.
        ReportConfig all;
        const auto json
            = QJsonDocument::fromJson(QByteArray::fromStdString(reportJson(store, all))).object();
        QCOMPARE(json[QStringLiteral("runs")].toArray().size(), 2);
        QCOMPARE(json[QStringLiteral("runs")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("test")]
                     .toObject()[QStringLiteral("NDCG@10")]
                     .toDouble(),
                 popNdcg);
        QVERIFY(json[QStringLiteral("runs")].toArray()[0].toObject().contains(
            QStringLiteral("feedback_loop")));
        const QString csv = m_dir.filePath(QStringLiteral("r.csv"));
        writeReport(store, all, csv.toStdString());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines
            = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 2 * 3); // header + 2 runs × (NDCG@10, Recall@10, test users)
        QVERIFY(lines.contains(QStringLiteral("1,Pop <b>,pop,finished,NDCG@10,%1")
                                   .arg(QString::number(popNdcg, 'g', 10))));

        // Bad requests: the extension, a folder that is not there; no partial file is left.
        RS_EXPECT_ERROR(writeReport(store,
                                    all,
                                    m_dir.filePath(QStringLiteral("r.docx")).toStdString()),
                        ConfigError,
                        "'out'",
                        ".html, .pdf, .json or .csv");
        const std::string nowhere = m_dir.filePath(QStringLiteral("missing/r.html")).toStdString();
        RS_EXPECT_ERROR(writeReport(store, all, nowhere),
                        ConfigError,
                        "missing/r.html",
                        "cannot write");
        QVERIFY(!QFile::exists(QString::fromStdString(nowhere + ".partial")));

        // The PDF: a valid file whose pages, turned into pictures by poppler, are not blank.
        const QString pdf = m_dir.filePath(QStringLiteral("r.pdf"));
        if (!pdfSupported()) {
            RS_EXPECT_ERROR(writeReport(store, all, pdf.toStdString()),
                            ConfigError,
                            "without PDF support");
            QVERIFY(!QFile::exists(pdf));
            return;
        }
        writeReport(store, all, pdf.toStdString());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdfFile.readAll();
        QVERIFY(bytes.startsWith("%PDF-1.") && bytes.trimmed().endsWith("%%EOF"));
        QProcess raster;
        raster.start(QStringLiteral("pdftoppm"),
                     {QStringLiteral("-r"),
                      QStringLiteral("30"),
                      QStringLiteral("-gray"),
                      pdf,
                      m_dir.filePath(QStringLiteral("page"))});
        QVERIFY2(raster.waitForFinished(60000) && raster.exitCode() == 0,
                 "pdftoppm (poppler-utils) must be installed: packaging/setup-deps.sh");
        const QStringList pages
            = QDir(m_dir.path()).entryList({QStringLiteral("page*.pgm")}, QDir::Files, QDir::Name);
        QVERIFY2(pages.size() >= 2, qPrintable(QString::number(pages.size())));
        for (const auto &page : pages) {
            QFile f(m_dir.filePath(page));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray pgm = f.readAll(); // "P5\n<w> <h>\n255\n" then one byte per pixel
            const auto header = pgm.indexOf("255\n") + 4;
            const auto ink = std::count_if(pgm.begin() + header, pgm.end(), [](char c) {
                return static_cast<unsigned char>(c) < 200;
            });
            QVERIFY2(double(ink) / double(pgm.size() - header) > 0.005,
                     qPrintable(page)); // text and charts, not an empty page
        }

        // Text in any script comes back out of the PDF as it went in (poppler reads the embedded
        // fonts' Unicode maps; a glyph missing from every font would be drawn as a box, not text).
        all.title = "Q3 \u00b7 \u6620\u753b \u041a\u0438\u043d\u043e "
                    "\u03c4\u03b1\u03b9\u03bd\u03af\u03b1 \u05e1\u05e8\u05d8 caf\u00e9";
        writeReport(store, all, pdf.toStdString());
        QProcess text;
        text.start(QStringLiteral("pdftotext"),
                   {QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(60000) && text.exitCode() == 0);
        const QString extracted = QString::fromUtf8(text.readAllStandardOutput());
        for (const char *word : {"\u6620\u753b",
                                 "\u041a\u0438\u043d\u043e",
                                 "\u03c4\u03b1\u03b9\u03bd\u03af\u03b1",
                                 "caf\u00e9",
                                 "#1 Pop <b>"})
            QVERIFY2(extracted.contains(QString::fromUtf8(word)), word);
        // A title without spaces wider than the page breaks between characters: at 18 pt an
        // ideograph is about 18 points, so a line of 515 points holds at most 29 of 60.
        ReportConfig cjk = all;
        cjk.title.clear();
        for (int k = 0; k < 60; ++k)
            cjk.title += "\u6620";
        const QString wide = m_dir.filePath(QStringLiteral("wide.pdf"));
        writeReport(store, cjk, wide.toStdString());
        QProcess wrapped;
        wrapped.start(QStringLiteral("pdftotext"),
                      {QStringLiteral("-enc"),
                       QStringLiteral("UTF-8"),
                       QStringLiteral("-l"),
                       QStringLiteral("1"),
                       wide,
                       QStringLiteral("-")});
        QVERIFY(wrapped.waitForFinished(60000) && wrapped.exitCode() == 0);
        int shown = 0, titleLines = 0;
        for (const QString &line :
             QString::fromUtf8(wrapped.readAllStandardOutput()).split(QLatin1Char('\n')))
            if (const int n = int(line.count(QChar(0x6620))); n > 0) {
                QVERIFY2(n <= 29, qPrintable(line));
                shown += n;
                ++titleLines;
            }
        QCOMPARE(shown, 60);
        QVERIFY(titleLines >= 3);

        QProcess info;
        info.start(QStringLiteral("pdfinfo"), {pdf});
        QVERIFY(info.waitForFinished(60000) && info.exitCode() == 0);
        const QString metadata = QString::fromUtf8(info.readAllStandardOutput());
        const QRegularExpression titleLine(QStringLiteral("^Title:\\s+(.*)$"),
                                           QRegularExpression::MultilineOption);
        QCOMPARE(titleLine.match(metadata).captured(1), QString::fromStdString(all.title));
    }
};

QTEST_GUILESS_MAIN(tst_Report)
#include "tst_report.moc"
