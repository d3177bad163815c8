// SPDX-License-Identifier: MIT
#include "views/widgets/view_helpers.h"

#include <recscope/core/csv.h>

#include <QtCore/QPointer>
#include <QtCore/QSaveFile>
#include <QtCore/QSignalBlocker>
#include <QtGui/QPainter>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QMessageBox>

namespace recscope::views {

QString csvField(const QString &text)
{
    return QString::fromStdString(core::csvField(text.toStdString()));
}

QString csvNumber(double v)
{
    return QString::number(v, 'g', 10);
}

void fillRunPicker(QComboBox *picker, const QList<QPair<qint64, QString>> &runs)
{
    const qint64 keep = picker->currentData().toLongLong();
    QSignalBlocker block(picker);
    picker->clear();
    for (const auto &[id, label] : runs)
        picker->addItem(QStringLiteral("#%1 %2").arg(id).arg(label), id);
    picker->setCurrentIndex(std::max(0, picker->findData(keep)));
}

void askAndExport(QWidget *parent,
                  const QString &title,
                  const QString &defaultName,
                  const QString &filters,
                  const std::function<bool(const QString &, QString *)> &write)
{
    const QPointer<QWidget> alive(parent); // a dialog closed meanwhile is gone
    const QString file = QFileDialog::getSaveFileName(parent, title, defaultName, filters);
    QString error;
    if (!file.isEmpty() && alive && !write(file, &error) && alive)
        QMessageBox::warning(parent, QObject::tr("Export"), error);
}

bool exportPage(
    QWidget *page, const QString &csv, const QString &title, const QString &file, QString *error)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        QSaveFile f(file);
        const QByteArray bytes = csv.toUtf8();
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
            return fail(QObject::tr("cannot write %1: %2").arg(file, f.errorString()));
        return true;
    }
    if (file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(file);
        svg.setSize(page->size());
        svg.setViewBox(page->rect());
        svg.setTitle(title);
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(QObject::tr("cannot write %1").arg(file));
        page->render(&painter);
        painter.end();
        return true;
    }
    return page->grab().save(file) ? true : fail(QObject::tr("cannot write %1").arg(file));
}

QString runStatusText(core::RunStatus status)
{
    return QString::fromLatin1(core::runStatusName(status));
}

} // namespace recscope::views
