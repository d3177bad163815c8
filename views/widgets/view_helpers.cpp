// SPDX-License-Identifier: MIT
#include "views/widgets/view_helpers.h"

#include <QtCore/QSignalBlocker>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMessageBox>

namespace recscope::views {

void fillRunPicker(QComboBox *picker, const QList<QPair<qint64, QString>> &runs)
{
    const qint64 keep = picker->currentData().toLongLong();
    QSignalBlocker block(picker);
    picker->clear();
    for (const auto &[id, label] : runs)
        picker->addItem(QStringLiteral("#%1 %2").arg(id).arg(label), id);
    picker->setCurrentIndex(std::max(0, picker->findData(keep)));
}

void askAndExport(QWidget *parent, const QString &title, const QString &defaultName, const QString &filters,
                  const std::function<bool(const QString &, QString *)> &write)
{
    const QString file = QFileDialog::getSaveFileName(parent, title, defaultName, filters);
    QString error;
    if (!file.isEmpty() && !write(file, &error))
        QMessageBox::warning(parent, QObject::tr("Export"), error);
}

} // namespace recscope::views
