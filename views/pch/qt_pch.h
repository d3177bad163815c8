// SPDX-License-Identifier: MIT
#pragma once
// Qt headers views/ and app/gui use, parsed once (STYLE.md §6.9.4).
#include <QtCharts/QtCharts>
#include <QtCore/QtCore>
#include <QtGui/QtGui>
#include <QtWidgets/QtWidgets>
