#include "gui/missingfiles.h"

#include "gui/usersettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

namespace chipfinder {

namespace {
// The nearest folder of `path` (itself or an ancestor) that exists; empty if none does.
QString nearestFolder(const QString &path)
{
    QDir dir = QFileInfo(path).absoluteDir();
    for (int depth = 0; depth < 64 && !dir.exists(); ++depth)
        if (!dir.cdUp())
            return {};
    return dir.exists() ? dir.absolutePath() : QString();
}
} // namespace

QString askForMissingFile(QWidget *parent, const QString &missingPath)
{
    const QString name = QFileInfo(missingPath).fileName();
    QFileDialog dialog(parent, QCoreApplication::translate("chipfinder::MissingFiles",
                                                           "Where is %1? It is not at %2")
                                   .arg(name, QDir::toNativeSeparators(missingPath)));
    dialog.setObjectName(QStringLiteral("locateMissingFile"));
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    dialog.setDirectory(usersettings::folder(QStringLiteral("locate"), nearestFolder(missingPath)));
    dialog.setNameFilters(
        {QCoreApplication::translate("chipfinder::MissingFiles", "Files named %1 (%1)").arg(name),
         QCoreApplication::translate("chipfinder::MissingFiles", "All files (*)")});
    dialog.selectFile(name);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    const QString chosen = dialog.selectedFiles().constFirst();
    usersettings::rememberFolder(QStringLiteral("locate"), chosen);
    return chosen;
}

} // namespace chipfinder
