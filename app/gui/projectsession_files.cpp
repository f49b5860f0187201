// ProjectSession's file references (declared in projectsession.h): the dataset and the files
// named in settings (a basemap) kept relative to the project's folder, so that a folder with
// the project, its dataset and rasters can be moved or handed on; a file that is not where the
// project recorded it is asked for (the locate handler) and the answer remembered.

#include "projectsession.h"

#include "project/projectstore.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace chipfinder {

namespace {
// URL templates, GDAL connection strings (WMS:, /vsicurl/...) and empty values are no files.
bool isFilePath(const QString &value)
{
    return !value.isEmpty() && !value.contains(QLatin1String("://")) &&
           !value.startsWith(QLatin1String("/vsi")) &&
           !value.contains(QRegularExpression(QStringLiteral("^[A-Za-z]{2,}:[^/\\\\]")));
}
} // namespace

std::string ProjectSession::locateDataset(const std::string &path,
                                          const DatasetOpenOptions &options)
{
    if (!m_locate || QFileInfo::exists(QString::fromStdString(path)))
        return path;
    const QString chosen = m_locate(QString::fromStdString(path));
    if (chosen.isEmpty() || !QFileInfo::exists(chosen))
        return path; // loading then reports the missing file
    m_datasetBeforeLocate = m_store->dataset();
    m_store->setDataset(DatasetReference::forProject(
        m_store->path(), QFileInfo(chosen).absoluteFilePath().toStdString(), options));
    return m_store->resolvedDatasetPath();
}

QString ProjectSession::filePathSetting(const QString &key)
{
    const QString stored = setting(key);
    if (!isFilePath(stored) || !m_store)
        return stored;
    const QDir folder = QFileInfo(projectPath()).absoluteDir();
    const QString path = QDir::cleanPath(folder.absoluteFilePath(stored));
    if (QFileInfo::exists(path))
        return path;
    // Moved with the project but from another layout: the same name beside the project.
    const QString beside = folder.absoluteFilePath(QFileInfo(stored).fileName());
    QString found = QFileInfo::exists(beside) ? beside : QString();
    if (found.isEmpty() && m_locate)
        found = m_locate(path);
    if (found.isEmpty() || !QFileInfo::exists(found))
        return path; // the caller reports the missing file
    setFilePathSetting(key, found);
    return QFileInfo(found).absoluteFilePath();
}

void ProjectSession::setFilePathSetting(const QString &key, const QString &path)
{
    if (!isFilePath(path) || !m_store) {
        setSetting(key, path);
        return;
    }
    const QDir folder = QFileInfo(projectPath()).absoluteDir();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QString relative = folder.relativeFilePath(absolute);
    // Another drive (Windows) gives no relative path: kept absolute.
    setSetting(key, QDir::isRelativePath(relative) ? relative : absolute);
}

} // namespace chipfinder
