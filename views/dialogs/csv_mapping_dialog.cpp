// SPDX-License-Identifier: MIT
#include "views/dialogs/csv_mapping_dialog.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QTextStream>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

namespace {

const char *kFieldNames[] = {"user", "item", "time", "rating", "feedback", "categories"};

bool isNumber(const QString &v)
{
    bool ok = false;
    v.toDouble(&ok);
    return ok;
}

bool isTime(const QString &v)
{
    bool ok = false;
    v.toLongLong(&ok);
    return ok || QDateTime::fromString(v, Qt::ISODate).isValid()
           || QDate::fromString(v, Qt::ISODate).isValid();
}

QString typeOf(const QList<QStringList> &rows, int column)
{
    bool num = true, time = true;
    for (const auto &r : rows) {
        if (column >= r.size() || r[column].isEmpty())
            continue;
        num = num && isNumber(r[column]);
        time = time && isTime(r[column]);
    }
    return num ? QStringLiteral("number") : time ? QStringLiteral("date") : QStringLiteral("text");
}

} // namespace

CsvMappingDialog::CsvMappingDialog(const QString &file, QWidget *parent)
    : QDialog(parent)
    , m_file(file)
    , m_delimiter(new QComboBox)
    , m_header(new QCheckBox(tr("first line names the columns")))
    , m_separator(new QLineEdit(QStringLiteral("|")))
    , m_preview(new QTableWidget)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Import %1").arg(QFileInfo(file).fileName()));
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        m_readError = tr("cannot open %1: %2").arg(file, f.errorString());
    } else {
        QTextStream in(&f);
        while (!in.atEnd() && m_lines.size() <= kPreviewRows)
            m_lines.append(in.readLine());
    }
    m_delimiter->addItem(tr("comma ,"), QStringLiteral(","));
    m_delimiter->addItem(tr("tab"), QStringLiteral("\t"));
    m_delimiter->addItem(tr("semicolon ;"), QStringLiteral(";"));
    m_delimiter->addItem(tr("pipe |"), QStringLiteral("|"));
    const QString first = m_lines.value(0);
    const char delimiter = core::guessDelimiter(first.toStdString()); // as the CLI guesses
    m_delimiter->setCurrentIndex(delimiter == '\t' ? 1 : delimiter == ';' ? 2 : 0);
    m_header->setChecked(true);
    m_separator->setMaximumWidth(40);

    auto *form = new QFormLayout;
    form->addRow(tr("Delimiter"), m_delimiter);
    form->addRow(tr("Header"), m_header);
    for (int k = 0; k < FieldCount; ++k) {
        m_boxes[k] = new QComboBox;
        m_boxes[k]->setObjectName(QString::fromLatin1(kFieldNames[k]));
        m_errors[k] = new QLabel;
        m_errors[k]->setStyleSheet(QStringLiteral("color: #c62828"));
        m_errors[k]->setWordWrap(true);
        auto *row = new QVBoxLayout;
        row->setSpacing(1);
        row->addWidget(m_boxes[k]);
        row->addWidget(m_errors[k]);
        form->addRow(QString::fromLatin1(kFieldNames[k])
                         + (k <= Item ? QStringLiteral(" *") : QString()),
                     row);
        connect(m_boxes[k], &QComboBox::currentIndexChanged, this, &CsvMappingDialog::validate);
    }
    form->addRow(tr("Category separator"), m_separator);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("Preview of the first %1 rows; * marks required fields.").arg(kPreviewRows)));
    layout->addWidget(m_preview, 1);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_delimiter, &QComboBox::currentIndexChanged, this, &CsvMappingDialog::reload);
    connect(m_header, &QCheckBox::toggled, this, &CsvMappingDialog::reload);
    resize(820, 640);
    reload();
}

char CsvMappingDialog::delimiter() const
{
    return m_delimiter->currentData().toString().at(0).toLatin1();
}

void CsvMappingDialog::reload()
{
    const QChar d = QLatin1Char(delimiter());
    m_rows.clear();
    for (const auto &line : m_lines)
        m_rows.append(line.split(d));
    m_columns.clear();
    const int width = m_rows.isEmpty() ? 0 : int(m_rows.front().size());
    for (int c = 0; c < width; ++c)
        m_columns.append(m_header->isChecked() ? m_rows.front()[c].trimmed()
                                               : tr("column %1").arg(c + 1));
    if (m_header->isChecked() && !m_rows.isEmpty())
        m_rows.removeFirst();
    m_preview->clear();
    m_preview->setColumnCount(width);
    m_preview->setRowCount(int(m_rows.size()));
    QStringList headers;
    for (int c = 0; c < width; ++c)
        headers.append(QStringLiteral("%1\n(%2)").arg(m_columns[c], typeOf(m_rows, c)));
    m_preview->setHorizontalHeaderLabels(headers);
    QStringList lines; // row headers are file line numbers, as in the error messages
    for (int r = 0; r < m_rows.size(); ++r)
        lines.append(QString::number(r + (m_header->isChecked() ? 2 : 1)));
    m_preview->setVerticalHeaderLabels(lines);
    for (int r = 0; r < m_rows.size(); ++r)
        for (int c = 0; c < std::min(width, int(m_rows[r].size())); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(m_rows[r][c]));
    std::vector<std::string> names;
    for (const auto &c : m_columns)
        names.push_back(c.toStdString());
    const auto guess = core::guessColumnRoles(names); // the CLI proposes the same
    const std::string *guessed[FieldCount] = {&guess.user,
                                              &guess.item,
                                              &guess.time,
                                              &guess.rating,
                                              &guess.feedback,
                                              &guess.categories};
    for (int k = 0; k < FieldCount; ++k) {
        QSignalBlocker block(m_boxes[k]);
        m_boxes[k]->clear();
        m_boxes[k]->addItem(tr("(none)"));
        m_boxes[k]->addItems(m_columns);
        if (!guessed[k]->empty())
            m_boxes[k]->setCurrentIndex(int(m_columns.indexOf(QString::fromStdString(*guessed[k])))
                                        + 1);
    }
    validate();
}

void CsvMappingDialog::validate()
{
    const int firstLine = m_header->isChecked() ? 2 : 1;
    for (int k = 0; k < FieldCount; ++k) {
        QString err;
        const int c = m_boxes[k]->currentIndex() - 1;
        if (m_readError.size())
            err = m_readError;
        else if (c < 0 && k <= Item)
            err = tr("required: choose the column that holds the %1 id")
                      .arg(QString::fromLatin1(kFieldNames[k]));
        for (int r = 0; c >= 0 && r < m_rows.size() && err.isEmpty(); ++r) {
            const QString v = c < m_rows[r].size() ? m_rows[r][c].trimmed() : QString();
            const QString where = tr("line %1").arg(firstLine + r);
            if (c >= m_rows[r].size())
                err = tr("%1 has only %2 fields").arg(where).arg(m_rows[r].size());
            else if ((k == User || k == Item) && v.isEmpty())
                err = tr("%1: empty id").arg(where);
            else if (k == Time && !v.isEmpty() && !isTime(v))
                err = tr("%1: '%2' is neither a number nor an ISO date").arg(where, v);
            else if (k == Rating && !v.isEmpty() && !isNumber(v))
                err = tr("%1: '%2' is not a number").arg(where, v);
        }
        m_errors[k]->setText(err);
        m_errors[k]->setVisible(!err.isEmpty());
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(acceptable());
}

QString CsvMappingDialog::fieldError(Field f) const
{
    return m_errors[f]->text();
}

bool CsvMappingDialog::acceptable() const
{
    for (auto *e : m_errors)
        if (!e->text().isEmpty())
            return false;
    return true;
}

core::ColumnMapping CsvMappingDialog::mapping() const
{
    core::ColumnMapping m;
    m.delimiter = delimiter();
    m.header = m_header->isChecked();
    auto column = [this](Field f) {
        const int c = m_boxes[f]->currentIndex() - 1;
        // The loader takes header names, or 0-based positions.
        // A name the header holds twice would be ambiguous: the position says which.
        const bool byName = m_header->isChecked() && c >= 0 && m_columns.count(m_columns[c]) == 1;
        return c < 0 ? std::string() : byName ? m_columns[c].toStdString() : std::to_string(c);
    };
    m.user = column(User);
    m.item = column(Item);
    m.time = column(Time);
    m.rating = column(Rating);
    m.feedback = column(Feedback);
    m.categories = column(Categories);
    if (!m_separator->text().isEmpty())
        m.categorySeparator = m_separator->text().at(0).toLatin1();
    return m;
}

} // namespace recscope::views
