// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/report.h>

#include <QtWidgets/QDialog>

#include <filesystem>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTextBrowser;
class QTextDocument;

namespace recscope::core {
class Registry;
}

namespace recscope::views {

class BackgroundTask;

/// The report builder: pick runs and sections, preview the report, export it as one HTML file
/// (charts as inline SVG), as PDF with the same content, or its numbers as JSON or CSV. The
/// report is rendered by core off the GUI thread (the same files recscope-cli report writes);
/// the preview shows the charts as pictures.
class ReportDialog final : public QDialog
{
    Q_OBJECT

public:
    /// runs: (run id, label) of the project's finished runs, all ticked.
    /// registry reopens sequential runs for their attention maps.
    ReportDialog(const core::Registry &registry,
                 std::filesystem::path database,
                 const QList<QPair<qint64, QString>> &runs,
                 QWidget *parent = nullptr);

    core::ReportConfig config() const;
    /// Renders the preview (off the GUI thread); previewReady fires when it is shown.
    void refresh();
    /// Writes the report by the file's extension (.html, .pdf, .json, .csv); false with the
    /// reason in error.
    bool exportTo(const QString &file, QString *error = nullptr);
    QTextDocument *preview() const;
    int previewCharts() const { return m_charts; }
    QListWidget *runList() const { return m_runs; }

Q_SIGNALS:
    void previewReady();

private:
    void showHtml(const QString &html);

    const core::Registry &m_registry;
    std::filesystem::path m_database;
    QListWidget *m_runs;
    QLineEdit *m_title;
    QCheckBox *m_curves, *m_audits, *m_attention, *m_concepts, *m_specs;
    QTextBrowser *m_preview;
    QLabel *m_status;
    QString m_html;
    int m_charts = 0;
    BackgroundTask *m_previewTask, *m_exportTask;
    bool m_refreshAgain = false; ///< settings changed while a preview was rendering
};

/// The report's HTML with every inline <svg> replaced by a picture registered on doc (Qt's rich
/// text has no SVG); returns the number of charts.
int rasteriseCharts(const QString &html, QTextDocument *doc, QString *out);

} // namespace recscope::views
