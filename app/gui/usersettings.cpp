#include "usersettings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace chipfinder::usersettings {

namespace {
constexpr int MaxRecent = 10;

QSettings store()
{
    return QSettings(QStringLiteral("Chipfinder"), QStringLiteral("Chipfinder"));
}

void pushFront(const QString &key, const QString &value)
{
    QSettings settings = store();
    QStringList list = settings.value(key).toStringList();
    list.removeAll(value);
    list.prepend(value);
    while (list.size() > MaxRecent)
        list.removeLast();
    settings.setValue(key, list);
}

bool inside(const QString &path, const QString &folder)
{
    if (folder.isEmpty())
        return false;
    const QString base = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    const QString own = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return own == base || own.startsWith(base + QLatin1Char('/'));
}
} // namespace

QStringList recentProjects()
{
    QStringList existing;
    for (const QString &path : store().value(QStringLiteral("recent/projects")).toStringList())
        if (QFileInfo::exists(path))
            existing << path;
    return existing;
}

void addRecentProject(const QString &path)
{
    pushFront(QStringLiteral("recent/projects"), QFileInfo(path).absoluteFilePath());
}

void clearRecentProjects()
{
    store().remove(QStringLiteral("recent/projects"));
}

QStringList recentBasemaps()
{
    return store().value(QStringLiteral("recent/basemaps")).toStringList();
}

void addRecentBasemap(const QString &source)
{
    if (!source.isEmpty())
        pushFront(QStringLiteral("recent/basemaps"), source);
}

QString folder(const QString &purpose, const QString &fallback)
{
    const QString remembered = store().value(QStringLiteral("folders/") + purpose).toString();
    if (!remembered.isEmpty() && QFileInfo(remembered).isDir())
        return remembered;
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (!fallback.isEmpty() && QFileInfo(fallback).isDir() && !inside(fallback, appData) &&
        !inside(fallback, cache))
        return fallback;
    return QDir::homePath();
}

void rememberFolder(const QString &purpose, const QString &path)
{
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    store().setValue(QStringLiteral("folders/") + purpose,
                     info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

QByteArray windowGeometry()
{
    return store().value(QStringLiteral("window/geometry")).toByteArray();
}

QByteArray windowLayout()
{
    return store().value(QStringLiteral("window/layout")).toByteArray();
}

void setWindowGeometry(const QByteArray &geometry)
{
    store().setValue(QStringLiteral("window/geometry"), geometry);
}

void setWindowLayout(const QByteArray &layout)
{
    store().setValue(QStringLiteral("window/layout"), layout);
}

bool hintDismissed(const QString &name)
{
    return store().value(QStringLiteral("hints/") + name).toBool();
}

void dismissHint(const QString &name)
{
    store().setValue(QStringLiteral("hints/") + name, true);
}

int thumbnailSize()
{
    return store().value(QStringLiteral("review/thumbnailSize"), 96).toInt();
}

void setThumbnailSize(int pixels)
{
    store().setValue(QStringLiteral("review/thumbnailSize"), pixels);
}

} // namespace chipfinder::usersettings
