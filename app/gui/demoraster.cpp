#include "demoraster.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace chipfinder {

QString demoRasterPath(const QString &applicationDir)
{
    const QString file = QStringLiteral(CHIPFINDER_DEMO_FILE);
    QStringList candidates;
    const QString relocated = qEnvironmentVariable("CHIPFINDER_DEMO_DIR");
    if (!relocated.isEmpty())
        candidates << QDir(relocated).filePath(file);
    const QString bin =
        applicationDir.isEmpty() ? QCoreApplication::applicationDirPath() : applicationDir;
    candidates << QDir(bin).filePath(QStringLiteral(CHIPFINDER_DEMO_INSTALLED "/") + file);
    candidates << QStandardPaths::locate(QStandardPaths::GenericDataLocation,
                                         QStringLiteral("chipfinder/demo/") + file);
#ifdef CHIPFINDER_DEMO_RASTER
    candidates << QStringLiteral(CHIPFINDER_DEMO_RASTER);
#endif
    for (const QString &candidate : candidates)
        if (!candidate.isEmpty() && QFileInfo(candidate).isFile())
            return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    return QString();
}

} // namespace chipfinder
