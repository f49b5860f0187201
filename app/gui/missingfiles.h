#pragma once
// Asking the user for a file a project names but that is not where it was recorded (its dataset
// after the folder moved, a basemap): a file dialog titled with the missing file, opened in the
// folder last used for this (else the nearest folder of the missing path that exists), showing
// files of that name first. Returns the chosen file, or empty when the user cancels.

#include <QString>

class QWidget;

namespace chipfinder {

QString askForMissingFile(QWidget *parent, const QString &missingPath);

} // namespace chipfinder
