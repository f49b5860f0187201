#pragma once
// What the app remembers per user rather than per project (QSettings "Chipfinder/Chipfinder"):
// recent projects and basemaps, the last folder of each kind of file dialog, the window layout
// and the hints the user dismissed. Project-specific state (view, strategy, labels) lives in
// the project file instead (ProjectSession::setting).

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace chipfinder::usersettings {

// Recent projects, newest first, at most 10; files that no longer exist are left out.
QStringList recentProjects();
void addRecentProject(const QString &path);
void clearRecentProjects();

// Recent basemap sources (files or URL templates), newest first, at most 10.
QStringList recentBasemaps();
void addRecentBasemap(const QString &source);

// The folder a file dialog for `purpose` ("export", "import", "open", ...) starts in: where the
// user last chose a file for it, else `fallback` unless that lies inside the application's
// own data folder (the demo's project), else the home folder.
QString folder(const QString &purpose, const QString &fallback = QString());
// Remembers the folder of `path` (a file or a folder) for `purpose`.
void rememberFolder(const QString &purpose, const QString &path);

// Main window geometry and dock layout (QMainWindow::saveGeometry / saveState).
QByteArray windowGeometry();
QByteArray windowLayout();
void setWindowGeometry(const QByteArray &geometry);
void setWindowLayout(const QByteArray &layout);

bool hintDismissed(const QString &name);
void dismissHint(const QString &name);

// Side of the review grid's thumbnails in pixels (the grid's zoom slider), 96 until set.
int thumbnailSize();
void setThumbnailSize(int pixels);

} // namespace chipfinder::usersettings
