// SPDX-License-Identifier: MIT
#include "views/widgets/param_form.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QVBoxLayout>

#include <cmath>

namespace recscope::views {

namespace {

QString valueText(const core::ParamValue &v)
{
    return QString::fromStdString(core::toString(v));
}

QString rangeText(const core::ParamSpec &s)
{
    if (s.type == core::ParamType::Choice) {
        QStringList c;
        for (const auto &x : s.choices)
            c.append(QString::fromStdString(x));
        return c.join(QStringLiteral(" | "));
    }
    if (s.min == s.max || (s.type != core::ParamType::Int && s.type != core::ParamType::Float))
        return {};
    return QStringLiteral("[%1, %2]").arg(s.min, 0, 'g', 6).arg(s.max, 0, 'g', 6);
}

} // namespace

ParamForm::ParamForm(QWidget *parent)
    : QWidget(parent)
{
    new QVBoxLayout(this);
    layout()->setContentsMargins(0, 0, 0, 0);
}

void ParamForm::setSchema(const core::ParamSchema &schema)
{
    m_schema = schema;
    m_fields.clear();
    m_errors.clear();
    while (auto *item = layout()->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const char *group : {"model", "training"}) {
        QFormLayout *form = nullptr;
        for (const auto &spec : schema.specs()) {
            if (spec.group != group)
                continue;
            if (!form) {
                auto *box = new QGroupBox(std::string_view(group) == "model" ? tr("Model")
                                                                             : tr("Training"),
                                          this);
                form = new QFormLayout(box);
                form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
                layout()->addWidget(box);
            }
            const QString name = QString::fromStdString(spec.name);
            QWidget *f = makeField(spec);
            f->setObjectName(name);
            const QString help = QString::fromStdString(spec.help);
            const QString range = rangeText(spec);
            f->setToolTip(tr("%1\nDefault: %2%3")
                              .arg(help,
                                   valueText(spec.defaultValue),
                                   range.isEmpty() ? QString() : tr("\nRange: %1").arg(range)));
            auto *label = new QLabel(name);
            label->setToolTip(f->toolTip());
            auto *err = new QLabel;
            err->setObjectName(name + QStringLiteral("_error"));
            err->setStyleSheet(QStringLiteral("color: #c62828"));
            err->setWordWrap(true);
            err->hide();
            auto *cell = new QWidget;
            auto *v = new QVBoxLayout(cell);
            v->setContentsMargins(0, 0, 0, 0);
            v->setSpacing(1);
            v->addWidget(f);
            v->addWidget(err);
            form->addRow(label, cell);
            m_fields.insert(name, f);
            m_errors.insert(name, err);
        }
    }
    static_cast<QVBoxLayout *>(layout())->addStretch(1);
    setValues(schema.defaults());
}

QWidget *ParamForm::makeField(const core::ParamSpec &spec)
{
    switch (spec.type) {
    case core::ParamType::Bool: {
        auto *c = new QCheckBox;
        connect(c, &QCheckBox::toggled, this, [this] { Q_EMIT edited(); });
        return c;
    }
    case core::ParamType::Choice: {
        auto *c = new QComboBox;
        for (const auto &x : spec.choices)
            c->addItem(QString::fromStdString(x));
        connect(c, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT edited(); });
        return c;
    }
    default: {
        // Text, not spin boxes: learning rates are typed as 1e-4 and must keep every digit.
        auto *e = new QLineEdit;
        e->setPlaceholderText(valueText(spec.defaultValue));
        connect(e, &QLineEdit::textEdited, this, [this, spec] {
            refresh(spec);
            Q_EMIT edited();
        });
        return e;
    }
    }
}

void ParamForm::setValues(const core::ParamSet &values)
{
    for (const auto &spec : m_schema.specs()) {
        QWidget *f = m_fields.value(QString::fromStdString(spec.name));
        const auto &v
            = values.contains(spec.name) ? values.values().at(spec.name) : spec.defaultValue;
        QSignalBlocker block(f);
        if (auto *c = qobject_cast<QCheckBox *>(f))
            c->setChecked(std::get<bool>(v));
        else if (auto *c = qobject_cast<QComboBox *>(f))
            c->setCurrentText(valueText(v));
        else if (auto *e = qobject_cast<QLineEdit *>(f))
            e->setText(valueText(v));
        refresh(spec);
    }
}

QString ParamForm::check(const core::ParamSpec &spec) const
{
    auto *e = qobject_cast<QLineEdit *>(m_fields.value(QString::fromStdString(spec.name)));
    if (!e)
        return {};
    const QString t = e->text().trimmed();
    if (spec.type == core::ParamType::String)
        return {};
    bool ok = false;
    const double v
        = spec.type == core::ParamType::Int ? double(t.toLongLong(&ok)) : t.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return spec.type == core::ParamType::Int ? tr("expected a whole number")
                                                 : tr("expected a number, e.g. 0.001 or 1e-4");
    if (spec.min != spec.max && (v < spec.min || v > spec.max))
        return tr("must be in %1").arg(rangeText(spec));
    return {};
}

void ParamForm::refresh(const core::ParamSpec &spec)
{
    const QString name = QString::fromStdString(spec.name);
    const QString err = check(spec);
    QLabel *label = m_errors.value(name);
    label->setText(err);
    label->setVisible(!err.isEmpty());
    m_fields.value(name)->setStyleSheet(
        err.isEmpty() ? QString() : QStringLiteral("border: 1px solid #c62828"));
}

std::map<std::string, core::ParamValue> ParamForm::values() const
{
    std::map<std::string, core::ParamValue> out;
    for (const auto &spec : m_schema.specs()) {
        QWidget *f = m_fields.value(QString::fromStdString(spec.name));
        if (auto *c = qobject_cast<QCheckBox *>(f))
            out[spec.name] = c->isChecked();
        else if (auto *c = qobject_cast<QComboBox *>(f))
            out[spec.name] = c->currentText().toStdString();
        else if (auto *e = qobject_cast<QLineEdit *>(f)) {
            if (!check(spec).isEmpty())
                continue;
            const QString t = e->text().trimmed();
            if (spec.type == core::ParamType::Int)
                out[spec.name] = std::int64_t(t.toLongLong());
            else if (spec.type == core::ParamType::Float)
                out[spec.name] = t.toDouble();
            else
                out[spec.name] = t.toStdString();
        }
    }
    return out;
}

QString ParamForm::firstError() const
{
    for (const auto &spec : m_schema.specs())
        if (QString err = check(spec); !err.isEmpty())
            return QStringLiteral("%1: %2").arg(QString::fromStdString(spec.name), err);
    return {};
}

} // namespace recscope::views
