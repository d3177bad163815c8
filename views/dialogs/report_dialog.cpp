// SPDX-License-Identifier: MIT
#include "views/dialogs/report_dialog.h"

#include "views/tasks/background_task.h"
#include "views/widgets/view_helpers.h"

#include <recscope/core/store.h>

#include <QtCore/QEventLoop>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtGui/QTextDocument>
#include <QtSvg/QSvgRenderer>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTextBrowser>
#include <QtWidgets/QVBoxLayout>

#include <memory>
#include <utility>

namespace recscope::views {

int rasteriseCharts(const QString &html, QTextDocument *doc, QString *out)
{
    static const QRegularExpression svg(QStringLiteral("<svg.*?</svg>"),
                                        QRegularExpression::DotMatchesEverythingOption);
    int n = 0;
    QString result;
    qsizetype last = 0;
    for (auto it = svg.globalMatch(html); it.hasNext();) {
        const auto match = it.next();
        QSvgRenderer renderer(match.captured(0).toUtf8());
        const QSize size = renderer.defaultSize();
        QImage image(size * 2,
                     QImage::Format_ARGB32); // twice the pixels: sharp in PDF and on HiDPI screens
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        const QUrl name(QStringLiteral("chart:%1").arg(n++));
        doc->addResource(QTextDocument::ImageResource, name, image);
        result += html.mid(last, match.capturedStart() - last);
        result += QStringLiteral("<img src=\"%1\" width=\"%2\" height=\"%3\">")
                      .arg(name.toString())
                      .arg(size.width())
                      .arg(size.height());
        last = match.capturedEnd();
    }
    result += html.mid(last);
    *out = result;
    return n;
}

ReportDialog::ReportDialog(const core::Registry &registry,
                           std::filesystem::path database,
                           const QList<QPair<qint64, QString>> &runs,
                           QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_database(std::move(database))
    , m_runs(new QListWidget)
    , m_title(new QLineEdit(tr("RecScope report")))
    , m_curves(new QCheckBox(tr("Training curves")))
    , m_audits(new QCheckBox(tr("Audits, feedback loops, extractions")))
    , m_attention(new QCheckBox(tr("Attention maps")))
    , m_concepts(new QCheckBox(tr("Concept dictionaries")))
    , m_specs(new QCheckBox(tr("Experiment specs")))
    , m_preview(new QTextBrowser)
    , m_status(new QLabel)
    , m_previewTask(new BackgroundTask(this))
    , m_exportTask(new BackgroundTask(this))
{
    setWindowTitle(tr("Report"));
    for (const auto &[id, label] : runs) {
        auto *item = new QListWidgetItem(QStringLiteral("#%1 %2").arg(id).arg(label), m_runs);
        item->setData(Qt::UserRole, id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    for (auto *box : {m_curves, m_audits, m_attention, m_concepts, m_specs})
        box->setChecked(true);
    m_preview->setObjectName(QStringLiteral("reportPreview"));
    m_status->setObjectName(QStringLiteral("reportStatus"));
    auto *refreshButton = new QPushButton(tr("Preview"));
    auto *side = new QWidget;
    auto *form = new QVBoxLayout(side);
    form->addWidget(new QLabel(tr("Title")));
    form->addWidget(m_title);
    form->addWidget(new QLabel(tr("Runs")));
    form->addWidget(m_runs, 1);
    for (auto *box : {m_curves, m_audits, m_attention, m_concepts, m_specs})
        form->addWidget(box);
    form->addWidget(refreshButton);
    auto *split = new QSplitter;
    split->addWidget(side);
    split->addWidget(m_preview);
    split->setStretchFactor(1, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto *exportButton = buttons->addButton(tr("Export…"), QDialogButtonBox::ActionRole);
    exportButton->setToolTip(tr("HTML (charts as SVG, one file), PDF (the same content), JSON "
                                "(every number) or CSV (test metrics)"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(1100, 720);
    connect(refreshButton, &QPushButton::clicked, this, &ReportDialog::refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        askAndExport(this,
                     tr("Export report"),
                     QStringLiteral("report.html"),
                     tr("HTML (*.html);;PDF (*.pdf);;JSON numbers (*.json);;CSV metrics (*.csv)"),
                     [this](const QString &f, QString *err) { return exportTo(f, err); });
    });
}

core::ReportConfig ReportDialog::config() const
{
    core::ReportConfig c;
    c.title
        = m_title->text().trimmed().isEmpty() ? c.title : m_title->text().trimmed().toStdString();
    for (int k = 0; k < m_runs->count(); ++k)
        if (m_runs->item(k)->checkState() == Qt::Checked)
            c.runs.push_back(m_runs->item(k)->data(Qt::UserRole).toLongLong());
    c.curves = m_curves->isChecked();
    c.audits = m_audits->isChecked();
    c.concepts = m_concepts->isChecked();
    c.attention = m_attention->isChecked();
    c.registry = &m_registry;
    c.specs = m_specs->isChecked();
    return c;
}

void ReportDialog::refresh()
{
    const core::ReportConfig c = config();
    if (c.runs.empty()) {
        m_status->setText(tr("Tick at least one run."));
        return;
    }
    m_status->setText(tr("Rendering the report of %1 run(s)…").arg(c.runs.size()));
    if (m_previewTask->busy()) { // render again once the running one ends: it is stale
        m_refreshAgain = true;
        return;
    }
    auto html = std::make_shared<QString>(); // written by the worker, read after it ended
    auto *context = new QObject(this);       // one connection per preview
    connect(m_previewTask,
            &BackgroundTask::finished,
            context,
            [this, context, html](const TaskOutcome &outcome) {
                context->deleteLater();
                if (std::exchange(m_refreshAgain, false))
                    return refresh();
                if (outcome.status != core::RunStatus::Finished)
                    return m_status->setText(
                        tr("Cannot render the report: %1").arg(outcome.message));
                showHtml(*html);
            });
    m_previewTask->start(
        [database = m_database, c, html](std::stop_token, const core::AnalysisProgress &) {
            const core::ProjectStore store(database); // this thread's own connection
            *html = QString::fromStdString(core::renderHtmlReport(store, c));
        });
}

void ReportDialog::showHtml(const QString &html)
{
    m_html = html;
    auto *doc = new QTextDocument(m_preview);
    QString rich;
    m_charts = rasteriseCharts(html, doc, &rich);
    doc->setHtml(rich);
    m_preview->setDocument(doc);
    m_status->setText(
        tr("%1 chart(s). Export writes the HTML with vector charts, or PDF, JSON, CSV.")
            .arg(m_charts));
    Q_EMIT previewReady();
}

QTextDocument *ReportDialog::preview() const
{
    return m_preview->document();
}

bool ReportDialog::exportTo(const QString &file, QString *error)
{
    // Off the GUI thread like the preview: attention maps reopen models, which takes seconds.
    // The dialog is disabled meanwhile and a local event loop keeps the window painting.
    m_status->setText(tr("Exporting %1…").arg(file));
    const bool started = m_exportTask->start(
        [database = m_database,
         c = config(),
         out = file.toStdString()](std::stop_token, const core::AnalysisProgress &) {
            // The engine writes every format, so the CLI's report is the same file.
            const core::ProjectStore store(database);
            core::writeReport(store, c, out);
        });
    if (!started) {
        m_status->setText(tr("An export is already running."));
        if (error)
            *error = m_status->text();
        return false;
    }
    // finished is queued, so connecting after the start misses nothing. The dialog may be
    // closed (and deleted) while the loop runs: then the loop ends and nothing here is touched.
    setEnabled(false);
    TaskOutcome outcome{core::RunStatus::Failed, tr("the report dialog was closed")};
    QEventLoop wait;
    QPointer<ReportDialog> self(this);
    connect(m_exportTask,
            &BackgroundTask::finished,
            &wait,
            [&outcome, &wait](const TaskOutcome &o) {
                outcome = o;
                wait.quit();
            });
    connect(this, &QObject::destroyed, &wait, &QEventLoop::quit);
    wait.exec();
    if (!self) {
        if (error)
            *error = outcome.message;
        return false;
    }
    setEnabled(true);
    const bool ok = outcome.status == core::RunStatus::Finished;
    m_status->setText(ok ? tr("Wrote %1.").arg(file)
                         : tr("Export failed: %1").arg(outcome.message));
    if (!ok && error)
        *error = outcome.message;
    return ok;
}

} // namespace recscope::views
