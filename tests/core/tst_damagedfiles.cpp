// Damaged inputs are errors that name the file, never silent partial reads: a FlatGeobuf cut to
// half its size, a GeoPackage with a page of bytes flipped in the middle, and a truth column
// whose INTEGER values hold text ('maybe') or fractions (0.5), which GDAL reads as 0.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "dataset/groundtruth.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QTest>

#include <filesystem>
#include <fstream>

using namespace chipfinder;
using namespace chipfinder::test;

class TestDamagedFiles : public QObject
{
    Q_OBJECT
    std::string m_dir;
    Dataset m_naip;

    // Opening `path` must fail with a DataError naming it and saying what is wrong.
    void expectDamaged(const std::string &path)
    {
        try {
            const Dataset dataset = openDataset(path);
            QFAIL(qPrintable(QString("a damaged file was read: %1 of %2 chips")
                                 .arg(dataset.size())
                                 .arg(m_naip.size())));
        } catch (const DataError &error) {
            QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(path));
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.contains("damaged") || message.contains("malformed") ||
                         message.contains("corrupt") || message.contains("truncated"),
                     qPrintable(message));
        }
    }

private slots:
    void initTestCase()
    {
        m_dir = scratchDir("tst_damagedfiles");
        m_naip = naipDataset(16);
        QVERIFY(m_naip.size() > 1000);
    }

    void flatGeobufCutInHalf()
    {
        const std::string path = m_dir + "/half.fgb";
        writeDataset(m_naip, path);
        QCOMPARE(openDataset(path).size(), m_naip.size());
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        expectDamaged(path);
    }

    void geoPackageWithFlippedBytes()
    {
        const std::string path = m_dir + "/flipped.gpkg";
        writeDataset(m_naip, path);
        QCOMPARE(openDataset(path).size(), m_naip.size());
        // Flip every bit of one 4 KiB page in the middle of the file (a page of the chips
        // table: it is most of the file).
        const auto size = std::filesystem::file_size(path);
        const std::streamoff page = std::streamoff(size / 2 / 4096 * 4096);
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        std::vector<char> bytes(4096);
        file.seekg(page);
        file.read(bytes.data(), std::streamsize(bytes.size()));
        for (char &b : bytes)
            b = char(~b);
        file.seekp(page);
        file.write(bytes.data(), std::streamsize(bytes.size()));
        file.close();
        expectDamaged(path);
    }

    void truthThatIsNotAFlag_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("text in an INTEGER column") << "'maybe'";
        QTest::newRow("fraction in an INTEGER column") << "0.5";
        QTest::newRow("two in an INTEGER column") << "2";
    }
    void truthThatIsNotAFlag()
    {
        QFETCH(QString, value);
        const std::string path = m_dir + "/truth.gpkg";
        std::filesystem::remove(path);
        writeDataset(m_naip, path);
        const int64_t row = 17;
        {
            GDALDatasetUniquePtr gpkg(
                GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            QVERIFY(gpkg);
            const std::string layer = gpkg->GetLayer(0)->GetName();
            const std::string sql = "UPDATE \"" + layer + "\" SET water = " + value.toStdString() +
                                    " WHERE id = '" + m_naip.ids[row] + "'";
            gpkg->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        }
        try {
            const Dataset dataset = openDataset(path);
            const auto truth = truthFromColumn(dataset, "water");
            QFAIL(qPrintable("read as " + QString::number(truth[row])));
        } catch (const DataError &error) {
            QCOMPARE(error.row().value_or(-1), row);
            QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("water"));
        }
    }
};

QTEST_GUILESS_MAIN(TestDamagedFiles)
#include "tst_damagedfiles.moc"
