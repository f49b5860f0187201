// Who may write a project, and on which dataset, as the analyst meets it in the app: a second
// window (or a chipfinder-cli process) on a project another window writes is refused with a
// message naming the project and the holder, and the app offers to open it read-only (title
// says so, labeling and review disabled, nothing written); a project opened on another
// dataset than the one it labels is refused naming both files.

#include "common/clirun.h"
#include "dataset/datasetwriter.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "mapview.h"
#include "project/projectlock.h"
#include "project/projectstore.h"
#include "widgets/griddataset.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace chipfinder;
using namespace chipfinder::testing;

namespace {

QString writeGrid(const QString &path, const BoundingBox &box, int cols, int rows)
{
    auto dataset = gridDataset(box, cols, rows, 8);
    DatasetWriteOptions options;
    options.wgs84 = true;
    writeDataset(*dataset, path.toStdString(), options);
    return path;
}

bool waitLoaded(MainWindow &window)
{
    QSignalSpy loaded(window.session(), &ProjectSession::loaded);
    return window.session()->isLoaded() || loaded.wait(30000);
}

std::unique_ptr<MainWindow> newWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->setInteractive(false);
    window->resize(1000, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

QAction *actionWithShortcut(MainWindow &window, const QString &keys)
{
    for (QAction *action : window.findChildren<QAction *>())
        if (action->shortcut() == QKeySequence(keys))
            return action;
    return nullptr;
}

} // namespace

class TestProjectAccess : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/projectaccess-XXXXXX")};
    QString m_dataset;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataset = writeGrid(m_dir.filePath(QStringLiteral("grid.gpkg")), naipBox(), 12, 10);
    }

    // Two windows on one project: the second is told who writes it and offered read-only; in
    // read-only mode the title says so, the review actions and search are disabled, a click on
    // the map labels nothing and nothing is written; the first window keeps writing.
    void secondWindowIsOfferedReadOnly()
    {
        const QString project = m_dir.filePath(QStringLiteral("two-windows.chipfinder.gpkg"));
        auto writer = newWindow();
        QVERIFY(writer);
        QVERIFY(writer->createProject(project, m_dataset));
        QVERIFY(waitLoaded(*writer));
        writer->mapView()->setFocus();
        QTest::mouseClick(writer->mapView(), Qt::LeftButton, {},
                          writer->mapView()->screenPosition(5));
        QCOMPARE(writer->session()->labelOf(5), LabelValue::Positive);

        auto second = newWindow();
        QVERIFY(second);
        QVERIFY(!second->openProject(project));
        QVERIFY(!second->session()->isOpen());
        auto *box = second->findChild<QMessageBox *>(QStringLiteral("projectLockedBox"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY2(box->text().contains(project), qPrintable(box->text()));
        QVERIFY2(box->text().contains(QStringLiteral("pid %1 on ").arg(::getpid())),
                 qPrintable(box->text()));
        QVERIFY(second->lastError().contains(project));
        QPushButton *readOnly = nullptr;
        for (QAbstractButton *button : box->buttons())
            if (box->buttonRole(button) == QMessageBox::AcceptRole)
                readOnly = qobject_cast<QPushButton *>(button);
        QVERIFY(readOnly);
        QTest::mouseClick(readOnly, Qt::LeftButton);
        QVERIFY(second->session()->isOpen());
        QVERIFY(second->session()->isReadOnly());
        QVERIFY(waitLoaded(*second));
        QVERIFY2(second->windowTitle().contains(QStringLiteral("read-only")),
                 qPrintable(second->windowTitle()));
        QCOMPARE(second->session()->labelOf(5), LabelValue::Positive); // it shows the labels

        QAction *accept = actionWithShortcut(*second, QStringLiteral("Y"));
        QAction *reject = actionWithShortcut(*second, QStringLiteral("N"));
        QVERIFY(accept && reject);
        QVERIFY(!accept->isEnabled());
        QVERIFY(!reject->isEnabled());
        QVERIFY(actionWithShortcut(*writer, QStringLiteral("Y"))->isEnabled());
        QVERIFY(!second->session()->canUndo());
        QVERIFY(!second->findSimilar());

        // A click on the map of the read-only window labels nothing, in memory or in the file.
        QTest::mouseClick(second->mapView(), Qt::LeftButton, {},
                          second->mapView()->screenPosition(7));
        QVERIFY(!second->session()->labelOf(7));
        QVERIFY(!second->session()->skip(8));
        second->session()->setSetting(QStringLiteral("probe"), QStringLiteral("1"));
        QCOMPARE(ProjectStore::openReadOnly(project.toStdString())->labelCount(), int64_t(1));
        QVERIFY(!ProjectStore::openReadOnly(project.toStdString())->setting("probe"));
        QCOMPARE(second->lastError().contains(QStringLiteral("read-only")), false);

        // The writer is undisturbed.
        QTest::mouseClick(writer->mapView(), Qt::RightButton, {},
                          writer->mapView()->screenPosition(7));
        QCOMPARE(writer->session()->labelOf(7), LabelValue::Negative);
        QCOMPARE(ProjectStore::openReadOnly(project.toStdString())->labelCount(), int64_t(2));

        // Once the writer closes, the project opens for writing again.
        writer.reset();
        QVERIFY(second->openProject(project));
        QVERIFY(!second->session()->isReadOnly());
        QVERIFY(waitLoaded(*second));
        QVERIFY(!second->windowTitle().contains(QStringLiteral("read-only")));
        QVERIFY(actionWithShortcut(*second, QStringLiteral("Y"))->isEnabled());
    }

    // chipfinder-cli is a second process: labeling a project the app writes fails with a message
    // naming the project and this process; read-only commands still work.
    void cliWriterIsRefusedWhileTheAppWrites()
    {
        const QString project = m_dir.filePath(QStringLiteral("app-and-cli.chipfinder.gpkg"));
        auto window = newWindow();
        QVERIFY(window);
        QVERIFY(window->createProject(project, m_dataset));
        QVERIFY(waitLoaded(*window));
        const auto refused =
            test::runCli({QStringLiteral("project"), QStringLiteral("label"), project,
                          QStringLiteral("--positive"), QStringLiteral("chip-3")});
        QVERIFY2(refused.exitCode != 0 && refused.exitCode != -2, qPrintable(refused.err));
        QVERIFY2(refused.err.contains(project), qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("pid %1 on ").arg(::getpid())),
                 qPrintable(refused.err));
        QVERIFY(!window->session()->labelOf(3));
        QCOMPARE(ProjectStore::openReadOnly(project.toStdString())->labelCount(), int64_t(0));
        const auto shown =
            test::runCli({QStringLiteral("project"), QStringLiteral("show"), project});
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));

        window.reset();
        const auto labeled =
            test::runCli({QStringLiteral("project"), QStringLiteral("label"), project,
                          QStringLiteral("--positive"), QStringLiteral("chip-3")});
        QVERIFY2(labeled.exitCode == 0, qPrintable(labeled.err));
        QCOMPARE(ProjectStore::openReadOnly(project.toStdString())->labelCount(), int64_t(1));
    }

    // The project records its dataset's identity on the first load; opened on another dataset
    // (here: another tiling copied over the file it names), the app refuses it with a message
    // naming the project and the dataset, and leaves nothing open.
    void anotherDatasetIsRefused()
    {
        const QString datasetPath = m_dir.filePath(QStringLiteral("swapped.gpkg"));
        QVERIFY(QFile::copy(m_dataset, datasetPath));
        const QString project = m_dir.filePath(QStringLiteral("swapped.chipfinder.gpkg"));
        {
            auto window = newWindow();
            QVERIFY(window);
            QVERIFY(window->createProject(project, datasetPath));
            QVERIFY(waitLoaded(*window));
            QTest::mouseClick(window->mapView(), Qt::LeftButton, {},
                              window->mapView()->screenPosition(2));
            QCOMPARE(window->session()->labelOf(2), LabelValue::Positive);
        }
        QVERIFY(ProjectStore::openReadOnly(project.toStdString())->recordedDatasetFingerprint());

        QVERIFY(QFile::remove(datasetPath));
        BoundingBox shifted = naipBox();
        shifted.minLon += 0.01;
        shifted.maxLon += 0.01;
        writeGrid(datasetPath, shifted, 12, 10); // the same ids over other ground
        auto window = newWindow();
        QVERIFY(window);
        QSignalSpy errors(window->session(), &ProjectSession::errorOccurred);
        QSignalSpy loaded(window->session(), &ProjectSession::loaded);
        QVERIFY(window->openProject(project));
        QVERIFY(errors.wait(30000));
        QCOMPARE(loaded.count(), 0);
        QVERIFY(!window->session()->isOpen());
        const QString message = errors.takeFirst().at(0).toString();
        QVERIFY2(message.contains(project), qPrintable(message));
        QVERIFY2(message.contains(datasetPath), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("another dataset")), qPrintable(message));
        QCOMPARE(window->windowTitle(), QStringLiteral("Chipfinder"));
        // The labels are kept for the right dataset.
        QCOMPARE(ProjectStore::openReadOnly(project.toStdString())->labelCount(), int64_t(1));
        QVERIFY(!ProjectLock::holder(project.toStdString()));
    }
};

QTEST_MAIN(TestProjectAccess)
#include "tst_projectaccess.moc"
