// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QSettings>
#include <QtCore/QVariant>

namespace recscope::app {

/// A typed QSettings entry (STYLE §6.5). Declare as function-local statics.
template<typename T>
struct Setting
{
    QString key;
    T fallback;

    T get() const
    {
        return QSettings().value(key, QVariant::fromValue(fallback)).template value<T>();
    }
    void set(const T &value) const { QSettings().setValue(key, QVariant::fromValue(value)); }
};

inline const Setting<QStringList> &recentProjects()
{
    static const Setting<QStringList> s{QStringLiteral("project/recent"), {}};
    return s;
}
inline const Setting<QByteArray> &windowGeometry()
{
    static const Setting<QByteArray> s{QStringLiteral("window/geometry"), {}};
    return s;
}
inline const Setting<QByteArray> &dockState()
{
    static const Setting<QByteArray> s{QStringLiteral("window/state"), {}};
    return s;
}
inline const Setting<bool> &darkPalette()
{
    static const Setting<bool> s{QStringLiteral("view/dark"), false};
    return s;
}

} // namespace recscope::app
