// AtomicFile: a destination is replaced only by complete content; a failed write (full disk,
// file size limit) throws and leaves the earlier file and no temporary behind; devices are
// written in place with every write checked; isSameFile sees through links.

#include "common/atomicfile.h"
#include "common/errors.h"

#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/resource.h>

using namespace chipfinder;
namespace fs = std::filesystem;

namespace {

std::string contentOf(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void put(const std::string &path, const std::string &content)
{
    std::ofstream(path, std::ios::binary) << content;
}

// The temporary files left in a folder.
std::vector<std::string> temporaries(const std::string &folder)
{
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().find(".partial-") != std::string::npos)
            names.push_back(entry.path().filename().string());
    return names;
}

// Lowers this process's file size limit for its lifetime (SIGXFSZ ignored: writes past the
// limit fail with EFBIG, as on a full disk).
struct FileSizeLimit
{
    rlimit saved{};
    explicit FileSizeLimit(rlim_t bytes)
    {
        std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &saved);
        const rlimit limit{bytes, saved.rlim_max};
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &saved); }
};

} // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/atomicfile-XXXXXX")};
    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void replacesOnlyOnCommit()
    {
        const std::string out = path("replace.json");
        put(out, "old");
        {
            AtomicFile file(out);
            QVERIFY(!file.direct());
            QVERIFY(file.writePath() != out);
            file.write("new content");
            QCOMPARE(contentOf(out), std::string("old")); // not yet
        }
        // Destroyed without commit: the old file stays, the temporary is gone.
        QCOMPARE(contentOf(out), std::string("old"));
        QCOMPARE(temporaries(m_dir.path().toStdString()), std::vector<std::string>());
        writeFileAtomically(out, "new content");
        QCOMPARE(contentOf(out), std::string("new content"));
        QCOMPARE(temporaries(m_dir.path().toStdString()), std::vector<std::string>());
    }

    void emptyContentIsAFile()
    {
        const std::string out = path("empty.txt");
        writeFileAtomically(out, "");
        QVERIFY(fs::exists(out));
        QCOMPARE(fs::file_size(out), uintmax_t(0));
    }

    void writeFailureKeepsTheEarlierFile()
    {
        const std::string out = path("limited.csv");
        put(out, "complete earlier output\n");
        const std::string big(64 * 1024, 'x');
        try {
            const FileSizeLimit limit(4096);
            writeFileAtomically(out, big);
            QFAIL("a write past the file size limit was accepted");
        } catch (const DataError &error) {
            QCOMPARE(error.file(), out);
            QVERIFY2(QString::fromStdString(error.what()).contains("too large"), error.what());
        }
        QCOMPARE(contentOf(out), std::string("complete earlier output\n"));
        QCOMPARE(temporaries(m_dir.path().toStdString()), std::vector<std::string>());
    }

    void externalWriterSiblingsMoveTogether()
    {
        const std::string out = path("layer.shp");
        AtomicFile file(out);
        const std::string stem = fs::path(file.writePath()).replace_extension().string();
        put(file.writePath(), "shp");
        put(stem + ".dbf", "dbf");
        put(stem + ".npy", "npy");
        file.commit();
        QCOMPARE(contentOf(out), std::string("shp"));
        QCOMPARE(contentOf(path("layer.dbf")), std::string("dbf"));
        QCOMPARE(contentOf(path("layer.npy")), std::string("npy"));
        QVERIFY(!fs::exists(file.writePath()));
    }

    void devFullIsWrittenInPlaceAndFails()
    {
        AtomicFile file("/dev/full");
        QVERIFY(file.direct());
        try {
            file.write(std::string(1 << 16, 'x'));
            file.commit();
            QFAIL("writing /dev/full succeeded");
        } catch (const DataError &error) {
            QVERIFY2(QString::fromStdString(error.what()).contains("No space left on device"),
                     error.what());
        }
    }

    void missingFolderIsAnError()
    {
        QVERIFY_THROWS_EXCEPTION(DataError, writeFileAtomically(path("no/such/dir/x.json"), "{}"));
        QVERIFY_THROWS_EXCEPTION(DataError, AtomicFile(m_dir.path().toStdString()));
    }

    void sameFileSeesThroughLinks()
    {
        const std::string a = path("input.gpkg");
        put(a, "data");
        fs::create_symlink(a, path("symlink.gpkg"));
        fs::create_hard_link(a, path("hardlink.gpkg"));
        QVERIFY(isSameFile(a, a));
        QVERIFY(isSameFile(a, path("symlink.gpkg")));
        QVERIFY(isSameFile(path("hardlink.gpkg"), a));
        QVERIFY(isSameFile(a, m_dir.path().toStdString() + "/./input.gpkg"));
        QVERIFY(!isSameFile(a, path("other.gpkg")));
        QVERIFY(isSameFile(path("new.csv"),
                           m_dir.path().toStdString() + "/../" +
                               fs::path(m_dir.path().toStdString()).filename().string() +
                               "/new.csv"));
        QVERIFY(!isSameFile(path("new.csv"), path("new.json")));
        QVERIFY(!isSameFile("-", "-"));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
