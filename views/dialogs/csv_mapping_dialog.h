// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/loaders.h>

#include <QtWidgets/QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace recscope::views {

/// Maps the columns of a CSV/TSV file to user, item, time, rating, feedback and categories
/// before anything is imported: a preview of the first rows, a guess per field from the
/// column names, the detected type of each column, and an error per field (naming the line)
/// when the previewed values do not fit it.
class CsvMappingDialog final : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kPreviewRows = 50;
    enum Field {
        User,
        Item,
        Time,
        Rating,
        Feedback,
        Categories,
        FieldCount
    };

    explicit CsvMappingDialog(const QString &file, QWidget *parent = nullptr);

    core::ColumnMapping mapping() const;
    QComboBox *fieldBox(Field f) const { return m_boxes[f]; }
    QString fieldError(Field f) const;
    bool acceptable() const;
    QString readError() const { return m_readError; }

private:
    void reload();
    void validate();
    char delimiter() const;

    QString m_file;
    QStringList m_lines; ///< raw preview lines
    QString m_readError;
    QList<QStringList> m_rows;
    QStringList m_columns;
    QComboBox *m_delimiter;
    QCheckBox *m_header;
    QLineEdit *m_separator;
    QTableWidget *m_preview;
    QComboBox *m_boxes[FieldCount];
    QLabel *m_errors[FieldCount];
    QDialogButtonBox *m_buttons;
};

} // namespace recscope::views
