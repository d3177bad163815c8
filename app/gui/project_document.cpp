// SPDX-License-Identifier: MIT
#include "project_document.h"

#include "job_controller.h"

#include <recscope/core/store.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QUndoStack>

#include <utility>

namespace recscope::app {

namespace {

std::string specJson(const core::ExperimentSpec &spec)
{
    return spec.toJson();
}

/// Whether the data a run trains on differs: the dataset, its preparation or the split.
bool dataDiffers(const std::string &a, const std::string &b)
{
    const auto x = QJsonDocument::fromJson(QByteArray::fromStdString(a)).object();
    const auto y = QJsonDocument::fromJson(QByteArray::fromStdString(b)).object();
    for (const char *key : {"dataset", "prepare", "split"})
        if (x.value(QLatin1String(key)) != y.value(QLatin1String(key)))
            return true;
    return false;
}

constexpr int kSpecEditId = 1;
constexpr qint64 kMergeWindowMs = 1000; ///< keystrokes in one field make one undo step

} // namespace

/// One spec edit: the spec before and after it.
class SpecEdit final : public QUndoCommand
{
public:
    SpecEdit(ProjectDocument &doc, core::ExperimentSpec before, core::ExperimentSpec after)
        : m_doc(doc)
        , m_before(std::move(before))
        , m_after(std::move(after))
    {
        setText(QCoreApplication::translate("ProjectDocument", "edit the experiment"));
        m_since.start();
    }
    int id() const override { return kSpecEditId; }
    void undo() override { apply(m_before, m_after); }
    void redo() override
    {
        if (!std::exchange(m_firstRedo, false)) // pushing it: the editor already shows it
            apply(m_after, m_before);
    }
    bool mergeWith(const QUndoCommand *other) override
    {
        if (other->id() != id() || m_since.elapsed() > kMergeWindowMs)
            return false;
        m_after = static_cast<const SpecEdit *>(other)->m_after;
        m_since.restart();
        setObsolete(specJson(m_before) == specJson(m_after)); // typed and deleted again
        return true;
    }

private:
    void apply(const core::ExperimentSpec &to, const core::ExperimentSpec &from)
    {
        m_doc.applySpec(to, dataDiffers(specJson(to), specJson(from)));
    }

    ProjectDocument &m_doc;
    core::ExperimentSpec m_before, m_after;
    QElapsedTimer m_since;
    bool m_firstRedo = true;
};

/// Hiding a run: undo shows it again, until the deletion is made for good.
class RunDeletion final : public QUndoCommand
{
public:
    RunDeletion(ProjectDocument &doc, const core::RunRecord &run)
        : m_doc(doc)
        , m_run(run.id)
        , m_startedAt(run.startedAt)
    {
        setText(QCoreApplication::translate("ProjectDocument", "delete run #%1 %2")
                    .arg(run.id)
                    .arg(QString::fromStdString(run.label)));
    }
    void undo() override { m_doc.setDeleted(m_run, m_startedAt, false); }
    void redo() override { m_doc.setDeleted(m_run, m_startedAt, true); }

private:
    ProjectDocument &m_doc;
    qint64 m_run;
    std::string m_startedAt;
};

ProjectDocument::ProjectDocument(const core::Registry &registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_undo(new QUndoStack(this))
{}

ProjectDocument::~ProjectDocument()
{
    purgeDeletedRuns();
    if (m_jobs)
        m_jobs->cancelAll();
}

void ProjectDocument::setDatabase(const std::filesystem::path &file)
{
    auto store = std::make_unique<core::ProjectStore>(file); // throws before anything changes
    purgeDeletedRuns();
    if (m_jobs)
        m_jobs->cancelAll();
    m_jobs.reset();
    m_store = std::move(store);
    m_database = file;
    auto checkpoints = file;
    checkpoints.replace_extension(".checkpoints");
    m_jobs = std::make_unique<JobController>(m_registry, file, checkpoints);
    m_selected = 0;
    Q_EMIT databaseChanged();
}

void ProjectDocument::resetSpec(core::ExperimentSpec spec, std::filesystem::path file, bool saved)
{
    purgeDeletedRuns();
    m_spec = std::move(spec);
    m_specFile = std::move(file);
    m_savedJson = saved ? specJson(m_spec) : std::string();
    m_invalidEdit = false;
    m_undo->clear();
    updateModified();
}

void ProjectDocument::recordEdit(std::optional<core::ExperimentSpec> spec)
{
    if (m_applying)
        return;
    m_invalidEdit = !spec;
    if (spec && specJson(*spec) != specJson(m_spec)) {
        auto before = std::exchange(m_spec, *spec);
        m_undo->push(new SpecEdit(*this, std::move(before), std::move(*spec)));
    }
    updateModified();
}

void ProjectDocument::applySpec(const core::ExperimentSpec &spec, bool dataChanged)
{
    m_spec = spec;
    m_invalidEdit = false;
    m_applying = true;
    Q_EMIT specReplaced(m_spec, dataChanged);
    m_applying = false;
    updateModified();
}

void ProjectDocument::markSaved(std::filesystem::path file)
{
    m_specFile = std::move(file);
    m_savedJson = specJson(m_spec);
    m_invalidEdit = false;
    purgeDeletedRuns();
    updateModified();
}

bool ProjectDocument::isModified() const
{
    return m_invalidEdit || m_savedJson != specJson(m_spec);
}

void ProjectDocument::updateModified()
{
    if (const bool now = isModified(); now != m_modified) {
        m_modified = now;
        Q_EMIT modifiedChanged(now);
    }
}

void ProjectDocument::deleteRun(qint64 runId)
{
    if (m_store && !m_deleted.contains(runId))
        m_undo->push(new RunDeletion(*this, m_store->run(runId)));
}

void ProjectDocument::setDeleted(qint64 runId, const std::string &startedAt, bool deleted)
{
    if (deleted)
        m_deleted.insert(runId, startedAt);
    else
        m_deleted.remove(runId);
    if (deleted && m_selected == runId)
        selectRun(0);
    if (deleted)
        Q_EMIT runHidden(runId);
    Q_EMIT runsChanged();
}

int ProjectDocument::purgeDeletedRuns()
{
    if (m_deleted.isEmpty() || !m_store)
        return 0;
    int purged = 0;
    for (auto it = m_deleted.cbegin(); it != m_deleted.cend(); ++it) {
        const qint64 id = it.key();
        try {
            if (m_store->run(id).startedAt != it.value())
                continue; // the id was reused for a newer run: not the one the user deleted
            for (const auto &file : m_store->deleteRun(id)) {
                std::error_code ec; // a checkpoint already gone is fine; a folder is never ours
                if (!std::filesystem::is_directory(std::filesystem::symlink_status(file, ec)))
                    std::filesystem::remove(file, ec);
            }
            ++purged;
        } catch (const std::exception &) { // gone already (another process), or running again
        }
    }
    m_deleted.clear();
    m_undo->clear();      // the deletions cannot be undone now, and the stack holds them
    Q_EMIT runsChanged(); // one that could not be deleted (running again) shows again
    return purged;
}

void ProjectDocument::selectRun(qint64 runId)
{
    if (runId == m_selected || m_deleted.contains(runId))
        return;
    m_selected = runId;
    Q_EMIT runSelected(runId);
}

} // namespace recscope::app
