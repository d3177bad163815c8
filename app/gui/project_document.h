// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/experiment.h>

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <filesystem>
#include <memory>
#include <optional>

class QUndoStack;

namespace recscope::core {
class ProjectStore;
class Registry;
} // namespace recscope::core

namespace recscope::app {

class JobController;

/// The open project, under every window and dialog: the spec and its file, the project database
/// with its GUI-thread store and job queue, the modified flag, the undo stack (spec edits, run
/// deletions) and the run that is selected. Views show it and report user actions to it; it
/// never touches a widget. A deleted run is only hidden until the project is saved or closed, so
/// the deletion can be undone; then its rows and checkpoint go for good.
class ProjectDocument final : public QObject
{
    Q_OBJECT

public:
    explicit ProjectDocument(const core::Registry &registry, QObject *parent = nullptr);
    ~ProjectDocument() override; ///< purges the deleted runs, cancels and joins the jobs

    /// Opens (creating) a project database with a job queue on it, after purging the previous
    /// database's deleted runs; throws StoreError when it cannot be opened.
    void setDatabase(const std::filesystem::path &file);
    const std::filesystem::path &database() const { return m_database; }
    /// The GUI thread's connection (reads, deletions); nullptr before a database is open.
    core::ProjectStore *store() const { return m_store.get(); }
    JobController *jobs() const { return m_jobs.get(); }

    /// A spec opened or created: no undo history, saved unless it is new. Runs deleted under the
    /// previous spec go for good first (the project they belonged to is closed).
    void resetSpec(core::ExperimentSpec spec, std::filesystem::path file, bool saved);
    const core::ExperimentSpec &spec() const { return m_spec; }
    const std::filesystem::path &specFile() const { return m_specFile; }
    /// An edit the user made, undoable; edits within a second of each other merge into one
    /// step. nullopt: the editor holds a spec that does not validate (modified, not undoable).
    void recordEdit(std::optional<core::ExperimentSpec> spec);
    /// The spec was written to file: the document is clean and deleted runs go for good.
    void markSaved(std::filesystem::path file);
    bool isModified() const;
    QUndoStack *undoStack() const { return m_undo; }

    /// Hides a stopped or finished run until the project is saved or closed (undoable).
    void deleteRun(qint64 runId);
    bool isDeleted(qint64 runId) const { return m_deleted.contains(runId); }
    /// Deletes the hidden runs from the database with their checkpoints; returns how many.
    /// The undo stack is cleared when there were any: their deletion cannot be undone now. A
    /// run whose id now names another run (the old one removed elsewhere, the id reused) stays.
    int purgeDeletedRuns();

    /// The run every view highlights; 0 for none.
    qint64 selectedRun() const { return m_selected; }
    void selectRun(qint64 runId);

Q_SIGNALS:
    /// Undo or redo replaced the spec; dataChanged when its dataset, preparation or split did.
    void specReplaced(const recscope::core::ExperimentSpec &spec, bool dataChanged);
    void modifiedChanged(bool modified);
    /// A run was hidden or shown again, or deletions became final: lists re-read the store.
    void runsChanged();
    /// A run was hidden: views that hold it drop it.
    void runHidden(qint64 runId);
    /// A new store and job queue: connect to the new jobs.
    void databaseChanged();
    void runSelected(qint64 runId);

private:
    friend class SpecEdit;
    friend class RunDeletion;
    void applySpec(const core::ExperimentSpec &spec, bool dataChanged);
    void setDeleted(qint64 runId, const std::string &startedAt, bool deleted);
    void updateModified();

    const core::Registry &m_registry;
    std::filesystem::path m_database, m_specFile;
    std::unique_ptr<core::ProjectStore> m_store;
    std::unique_ptr<JobController> m_jobs;
    core::ExperimentSpec m_spec;
    std::string m_savedJson; ///< the spec as last saved; empty for a new project
    bool m_invalidEdit = false;
    bool m_modified = false;
    bool m_applying = false; ///< undo/redo is replacing the spec: the editor's echo is not an edit
    QUndoStack *m_undo;
    QHash<qint64, std::string> m_deleted; ///< hidden runs → when they started (their identity)
    qint64 m_selected = 0;
};

} // namespace recscope::app
