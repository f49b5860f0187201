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

#include <cstring>
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

    // A file whose declared feature count (3) is smaller than what it holds: rows read and
    // rows declared must not silently agree on 3.
    void declaredCountOfThree_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("FlatGeobuf header") << "fgb";
        QTest::newRow("GeoPackage gpkg_ogr_contents") << "gpkg";
    }
    void declaredCountOfThree()
    {
        QFETCH(QString, format);
        const std::string path = m_dir + "/three." + format.toStdString();
        std::filesystem::remove(path);
        writeDataset(m_naip, path);
        QCOMPARE(openDataset(path).size(), m_naip.size());
        if (format == "gpkg") {
            GDALDatasetUniquePtr gpkg(
                GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            QVERIFY(gpkg);
            gpkg->ExecuteSQL("UPDATE gpkg_ogr_contents SET feature_count = 3", nullptr, nullptr);
        } else {
            // The header (a FlatBuffer after the 8-byte magic and its 4-byte size) holds the
            // count as a little-endian uint64: the one place those 8 bytes occur in it.
            std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
            std::vector<char> head(8 + 4);
            file.read(head.data(), std::streamsize(head.size()));
            uint32_t headerSize = 0;
            std::memcpy(&headerSize, head.data() + 8, 4);
            std::vector<char> header(headerSize);
            file.read(header.data(), std::streamsize(header.size()));
            const uint64_t count = m_naip.size(), three = 3;
            std::vector<size_t> at;
            for (size_t i = 0; i + 8 <= header.size(); ++i)
                if (std::memcmp(header.data() + i, &count, 8) == 0)
                    at.push_back(i);
            QCOMPARE(at.size(), size_t(1));
            file.seekp(std::streamoff(12 + at[0]));
            file.write(reinterpret_cast<const char *>(&three), 8);
        }
        size_t read = 0;
        QString message;
        try {
            read = openDataset(path).size();
        } catch (const DataError &error) {
            message = QString::fromStdString(error.what());
        }
        // GDAL's FlatGeobuf driver reads exactly the count the header declares, and the layer
        // reports that count: the reader cannot compare them. Known gap (issue 15).
        QEXPECT_FAIL("FlatGeobuf header", "the FlatGeobuf header's count is trusted", Continue);
        QVERIFY2(message.contains("damaged"),
                 qPrintable(QStringLiteral("read %1 of %2 chips").arg(read).arg(m_naip.size())));
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
