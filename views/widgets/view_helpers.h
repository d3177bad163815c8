// SPDX-License-Identifier: MIT
#pragma once
// Small pieces the inspector, concept and audit views share.

#include <recscope/core/run_observer.h>

#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

#include <functional>

class QComboBox;
class QWidget;

namespace recscope::views {

/// Fills a run picker with "#id label" entries (the id as item data), keeping the current run
/// selected when it is still listed; emits no signals.
void fillRunPicker(QComboBox *picker, const QList<QPair<qint64, QString>> &runs);

/// Asks for a file name and calls write(file, &error), warning with the error when it fails.
void askAndExport(QWidget *parent,
                  const QString &title,
                  const QString &defaultName,
                  const QString &filters,
                  const std::function<bool(const QString &, QString *)> &write);

/// Writes a view to file by its extension: .csv the given numbers, .svg the page drawn as
/// vectors, anything else the page as a picture. false with the reason in error on failure.
bool exportPage(
    QWidget *page, const QString &csv, const QString &title, const QString &file, QString *error);

/// A run or sweep status as lists and tables show it ("finished").
QString runStatusText(core::RunStatus status);

/// core::csvField for Qt text: quoted as needed, a would-be spreadsheet formula kept as text.
QString csvField(const QString &text);
/// A number for a CSV export: ten significant digits.
QString csvNumber(double v);

} // namespace recscope::views
