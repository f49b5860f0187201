#pragma once
// Where the demo raster (resources/demo, installed to <datadir>/chipfinder/demo) is found.

#include <QString>

namespace chipfinder {

// The demo raster's path, the first that exists of:
//   1. $CHIPFINDER_DEMO_DIR/<file> (a relocated demo);
//   2. the installed copy beside the executable: <applicationDir>/<bindir→datadir>/chipfinder/
//      demo/<file> (e.g. /usr/bin/../share/chipfinder/demo), so an installed app never reads
//      the build machine's source tree;
//   3. chipfinder/demo/<file> in the XDG data directories ($XDG_DATA_DIRS, ~/.local/share);
//   4. the source tree's resources/demo, in builds made with CHIPFINDER_DEMO_FROM_SOURCE
//      (developer builds; off in packages).
// Empty when none exists. `applicationDir` empty = QCoreApplication::applicationDirPath().
QString demoRasterPath(const QString &applicationDir = QString());

} // namespace chipfinder
