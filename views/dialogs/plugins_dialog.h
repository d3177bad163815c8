// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/plugins.h>

#include <QtWidgets/QDialog>

#include <vector>

namespace recscope::views {

/// Help ▸ Plugins: every plugin found on the plugin path, its state (loaded, disabled,
/// refused), what it adds and, for a refused one, why (e.g. a LibTorch version mismatch).
class PluginsDialog final : public QDialog
{
    Q_OBJECT

public:
    PluginsDialog(const std::vector<core::PluginRecord> &plugins,
                  const std::vector<std::filesystem::path> &searchPath,
                  QWidget *parent = nullptr);
};

} // namespace recscope::views
