// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/sae.h>

#include <QtWidgets/QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace recscope::views {

class ConceptDetails;
class ConceptFilter;
class ConceptTableModel;

/// The concept browser of RecSAE probes: pick a probe, or start one on a trained sequential
/// run; a sortable, filterable list of latents (label, confidence, precision, recall, how often
/// it fires, mean activation) beside the chosen latent's details (ConceptDetails). The
/// dictionary exports as JSON or CSV. A probe trains like a model: its curves are on the
/// Training tab.
class ConceptBrowser final : public QWidget
{
    Q_OBJECT

public:
    explicit ConceptBrowser(QWidget *parent = nullptr);
    ~ConceptBrowser() override;

    /// Finished probes (run id, label) and the runs one can probe (sequential, saved weights).
    void setRuns(const QList<QPair<qint64, QString>> &probes,
                 const QList<QPair<qint64, QString>> &probeable);
    /// The opened probe (loaded by the app off the GUI thread); null clears the view.
    void setLab(std::shared_ptr<const core::SaeLab> lab, qint64 runId);
    void setMessage(const QString &text);
    /// Selects a latent in the list (clearing the filter when it hides it); false if unknown.
    bool selectLatent(int latent);
    bool exportDictionary(const QString &file, QString *error = nullptr) const;

    QTableView *table() const { return m_table; }
    ConceptDetails *details() const { return m_details; }
    QLineEdit *filter() const { return m_filter; }
    QCheckBox *confidentOnly() const { return m_confident; }

Q_SIGNALS:
    void probeRequested(qint64 saeRunId);
    void newProbeRequested(qint64 modelRunId, const recscope::core::SaeConfig &config);

private:
    void askForProbe();

    std::shared_ptr<const core::SaeLab> m_lab;
    double m_confidentAt = 0.8;
    QList<QPair<qint64, QString>> m_probeable;
    QComboBox *m_probe;
    QLineEdit *m_filter;
    QCheckBox *m_confident, *m_unnamed;
    QLabel *m_info;
    QTableView *m_table;
    ConceptTableModel *m_model;
    ConceptFilter *m_proxy;
    ConceptDetails *m_details;
};

} // namespace recscope::views
