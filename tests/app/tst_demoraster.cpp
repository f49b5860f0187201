// Where `chipfinder --demo` finds the demo raster: the installed copy relative to the executable
// (<prefix>/bin/../share/chipfinder/demo), a relocated one named by CHIPFINDER_DEMO_DIR, and the
// source tree only as the developer build's last resort.

#include "gui/demoraster.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace chipfinder;

namespace {
const QString kFile = QStringLiteral("m_4709963_se_14_1_20200831.tif");

bool touch(const QString &path)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write("II*\0", 4) == 4;
}
} // namespace

class TestDemoRaster : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/demoraster-XXXXXX")};

private slots:
    void init() { qunsetenv("CHIPFINDER_DEMO_DIR"); }
    void cleanupTestCase() { qunsetenv("CHIPFINDER_DEMO_DIR"); }

    // An installed layout: <prefix>/bin/chipfinder and <prefix>/share/chipfinder/demo.
    void installedCopyBesideTheExecutable()
    {
        const QString prefix = m_dir.filePath(QStringLiteral("usr"));
        const QString installed = prefix + QStringLiteral("/share/chipfinder/demo/") + kFile;
        QVERIFY(touch(installed));
        QVERIFY(QDir().mkpath(prefix + QStringLiteral("/bin")));
        QCOMPARE(demoRasterPath(prefix + QStringLiteral("/bin")), QDir::cleanPath(installed));
    }

    void relocatedByTheEnvironment()
    {
        const QString elsewhere = m_dir.filePath(QStringLiteral("elsewhere/") + kFile);
        QVERIFY(touch(elsewhere));
        qputenv("CHIPFINDER_DEMO_DIR", QFile::encodeName(QFileInfo(elsewhere).path()));
        QCOMPARE(demoRasterPath(m_dir.filePath(QStringLiteral("usr/bin"))),
                 QDir::cleanPath(elsewhere));
    }

    // Not installed: this developer build reads the source tree's copy.
    void sourceTreeAsTheLastResort()
    {
        const QString nowhere = m_dir.filePath(QStringLiteral("nowhere/bin"));
        QCOMPARE(demoRasterPath(nowhere),
                 QDir::cleanPath(QStringLiteral(DEMO_DATA_DIR "/") + kFile));
    }
};

QTEST_GUILESS_MAIN(TestDemoRaster)
#include "tst_demoraster.moc"
