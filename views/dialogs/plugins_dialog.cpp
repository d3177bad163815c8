// SPDX-License-Identifier: MIT
#include "views/dialogs/plugins_dialog.h"

#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

PluginsDialog::PluginsDialog(const std::vector<core::PluginRecord> &plugins,
                             const std::vector<std::filesystem::path> &searchPath,
                             QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Plugins"));
    auto *layout = new QVBoxLayout(this);
    QStringList dirs;
    for (const auto &d : searchPath)
        dirs.append(QString::fromStdString(d.string()).toHtmlEscaped());
    auto *path = new QLabel(
        tr("Searched, in order:<br>%1<br>Add a plugin by copying its <tt>librs_&lt;id&gt;.so</tt> "
           "and "
           "<tt>&lt;id&gt;.json</tt> into one of these folders and restarting RecScope.")
            .arg(dirs.join(QStringLiteral("<br>"))));
    path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    path->setWordWrap(true);
    layout->addWidget(path);

    auto *table = new QTableWidget(int(plugins.size()), 5);
    table->setObjectName(QStringLiteral("plugins"));
    table->setHorizontalHeaderLabels(
        {tr("Plugin"), tr("Version"), tr("State"), tr("Adds"), tr("Details")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->setWordWrap(true);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    for (int row = 0; row < int(plugins.size()); ++row) {
        const auto &p = plugins[std::size_t(row)];
        QStringList adds;
        for (const auto &a : p.provides)
            adds.append(QString::fromStdString(a));
        const QString details = p.message.empty()
                                    ? QString::fromStdString(p.description) + QLatin1Char('\n')
                                          + QString::fromStdString(p.library.string())
                                    : QString::fromStdString(p.message);
        const QString cells[5]
            = {QString::fromStdString(p.id.empty() ? p.manifest.filename().string() : p.id),
               QString::fromStdString(p.version),
               QString::fromLatin1(core::stateName(p.state)),
               adds.join(QLatin1Char('\n')),
               details};
        for (int c = 0; c < 5; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            if (c == 2 && p.state == core::PluginRecord::State::Refused)
                item->setForeground(QColor(0xd5, 0x5e, 0x00));
            table->setItem(row, c, item);
        }
    }
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    table->resizeRowsToContents();
    if (plugins.empty())
        layout->addWidget(new QLabel(tr("No plugins were found.")));
    layout->addWidget(table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(920, 460);
}

} // namespace recscope::views
