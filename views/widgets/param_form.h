// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/params.h>

#include <QtWidgets/QWidget>

#include <map>

class QFormLayout;
class QLabel;

namespace recscope::views {

/// A form generated from a model's ParamSchema (STYLE §6.4: plugins never ship widgets): one
/// field per parameter with its range, default and help, grouped into model and training.
/// Fields validate as the user types; invalid ones turn red and say why.
class ParamForm final : public QWidget
{
    Q_OBJECT

public:
    explicit ParamForm(QWidget *parent = nullptr);

    void setSchema(const core::ParamSchema &schema);
    void setValues(const core::ParamSet &values);
    /// The values as typed; fields that do not parse are left out (valid() says which).
    std::map<std::string, core::ParamValue> values() const;
    /// Empty when every field is valid, else "name: reason" for the first bad field.
    QString firstError() const;
    QWidget *field(const QString &name) const { return m_fields.value(name); }

Q_SIGNALS:
    void edited();

private:
    QWidget *makeField(const core::ParamSpec &spec);
    QString check(const core::ParamSpec &spec) const;
    void refresh(const core::ParamSpec &spec);

    core::ParamSchema m_schema;
    QHash<QString, QWidget *> m_fields;
    QHash<QString, QLabel *> m_errors;
};

} // namespace recscope::views
