// .npy matrices: every supported dtype read exactly, every malformed header rejected with the
// field named, and footprints matched to .npy rows by order or by an id column.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "dataset/npyfile.h"

#include <QTest>

#include <cstring>
#include <fstream>

using namespace chipfinder;
using namespace chipfinder::test;

namespace {

// Writes a .npy byte for byte: magic, version, header dict (padded), then raw data.
void writeRawNpy(const std::string &path, const std::string &dict, const std::string &data,
                 int major = 1, const std::string &magic = "\x93NUMPY")
{
    std::string header = dict;
    const size_t prefix = major == 1 ? 10 : 12;
    while ((prefix + header.size() + 1) % 64 != 0)
        header.push_back(' ');
    header.push_back('\n');
    std::ofstream out(path, std::ios::binary);
    out.write(magic.data(), std::streamsize(magic.size()));
    out.put(char(major));
    out.put(0);
    const uint32_t length = uint32_t(header.size());
    out.put(char(length & 0xff));
    out.put(char((length >> 8) & 0xff));
    if (major != 1) {
        out.put(char((length >> 16) & 0xff));
        out.put(char(length >> 24));
    }
    out << header << data;
}

template <typename T> std::string bytesOf(const std::vector<T> &values)
{
    return std::string(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T));
}

std::string dict(const std::string &descr, const std::string &shape, bool fortran = false)
{
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
           ", 'shape': " + shape + ", }";
}

} // namespace

class TestNpy : public QObject
{
    Q_OBJECT

    std::string m_dir;
    Dataset m_naip;

private slots:
    void initTestCase()
    {
        m_dir = scratchDir("tst_npy");
        m_naip = naipDataset(64);
    }

    void readsDtypes_data()
    {
        QTest::addColumn<QString>("descr");
        QTest::addColumn<int>("major");
        QTest::newRow("float16") << "<f2" << 1;
        QTest::newRow("float32") << "<f4" << 1;
        QTest::newRow("float64") << "<f8" << 1;
        QTest::newRow("float32-v2") << "<f4" << 2;
        QTest::newRow("float64-v3") << "<f8" << 3;
    }
    void readsDtypes()
    {
        QFETCH(QString, descr);
        QFETCH(int, major);
        // Values exact in float16 too: 1.5, -2.25, the largest half 65504, the smallest
        // subnormal half 2^-24, 0.
        const std::vector<float> expected{1.5f, -2.25f, 65504.0f, 5.9604644775390625e-8f,
                                          0.0f, 3.0f};
        std::string data;
        if (descr == "<f2") {
            const std::vector<uint16_t> halves{0x3e00, 0xc080, 0x7bff, 0x0001, 0x0000, 0x4200};
            data = bytesOf(halves);
        } else if (descr == "<f4") {
            data = bytesOf(expected);
        } else {
            data = bytesOf(std::vector<double>(expected.begin(), expected.end()));
        }
        const std::string path = m_dir + "/m.npy";
        writeRawNpy(path, dict(descr.toStdString(), "(2, 3)"), data, major);
        const EmbeddingMatrix m = readNpy(path);
        QCOMPARE(m.rows(), size_t(2));
        QCOMPARE(m.dim(), size_t(3));
        for (size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(m.data()[i], expected[i]);
    }

    void writeReadsBack()
    {
        const std::string path = m_dir + "/naip.npy";
        writeNpy(path, m_naip.embeddings);
        const EmbeddingMatrix back = readNpy(path);
        QCOMPARE(back.rows(), m_naip.embeddings.rows());
        QCOMPARE(back.dim(), m_naip.embeddings.dim());
        QVERIFY(std::memcmp(back.data(), m_naip.embeddings.data(),
                            back.rows() * back.dim() * sizeof(float)) == 0);
        // The header is padded so the data is 64-byte aligned, as NumPy writes it.
        std::ifstream in(path, std::ios::binary);
        char preamble[10];
        in.read(preamble, 10);
        QCOMPARE((10 + uint8_t(preamble[8]) + 256 * uint8_t(preamble[9])) % 64, 0);
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("problem");
        QTest::newRow("bad magic") << "magic"
                                   << ""
                                   << "bad magic";
        QTest::newRow("int32") << "int"
                               << "descr"
                               << "unsupported dtype '<i4'";
        QTest::newRow("big-endian") << "big"
                                    << "descr"
                                    << "unsupported dtype '>f4'";
        QTest::newRow("fortran order") << "fortran"
                                       << "fortran_order"
                                       << "Fortran";
        QTest::newRow("1-D") << "onedim"
                             << "shape"
                             << "1 dimensions";
        QTest::newRow("truncated") << "truncated"
                                   << "shape"
                                   << "truncated";
        QTest::newRow("missing") << "missing"
                                 << ""
                                 << "does not exist";
    }
    void badFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, field);
        QFETCH(QString, problem);
        const std::string path = m_dir + "/bad-" + kind.toStdString() + ".npy";
        const std::string data = bytesOf(std::vector<float>(6, 1.0f));
        std::filesystem::remove(path);
        if (kind == "magic")
            writeRawNpy(path, dict("<f4", "(2, 3)"), data, 1, "\x93NUMPX");
        else if (kind == "int")
            writeRawNpy(path, dict("<i4", "(2, 3)"), data);
        else if (kind == "big")
            writeRawNpy(path, dict(">f4", "(2, 3)"), data);
        else if (kind == "fortran")
            writeRawNpy(path, dict("<f4", "(2, 3)", true), data);
        else if (kind == "onedim")
            writeRawNpy(path, dict("<f4", "(6,)"), data);
        else if (kind == "truncated")
            writeRawNpy(path, dict("<f4", "(3, 3)"), data);
        try {
            readNpy(path);
            QFAIL("bad .npy accepted");
        } catch (const DataError &error) {
            const QString message = QString::fromStdString(error.what());
            QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(path));
            QVERIFY2(message.contains(problem), qPrintable(message));
            QCOMPARE(QString::fromStdString(error.field()), field);
            QVERIFY(!error.expected().empty());
        }
    }

    // Headers whose shape makes rows × dim × item size wrap, or exceed 64 bits or the file:
    // refused with the shape named, before anything is allocated (tests/data/malformed/).
    void shapesThatDoNotFit_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("problem");
        QTest::newRow("2^62 x 4 wraps to 0") << "npy-shape-wraps.npy"
                                             << "too large";
        QTest::newRow("(2^62+1) x 3 wraps to 12") << "npy-shape-wraps-odd.npy"
                                                  << "too large";
        QTest::newRow("beyond int64") << "npy-shape-beyond-int64.npy"
                                      << "too large";
        QTest::newRow("larger than the file") << "npy-shape-larger-than-file.npy"
                                              << "truncated";
    }
    void shapesThatDoNotFit()
    {
        QFETCH(QString, name);
        QFETCH(QString, problem);
        const std::string path = TEST_DATA_DIR "/malformed/" + name.toStdString();
        QVERIFY(std::filesystem::exists(path));
        try {
            const EmbeddingMatrix matrix = readNpy(path);
            QFAIL(qPrintable("accepted with " + QString::number(matrix.rows()) + " rows"));
        } catch (const DataError &error) {
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.contains(problem), qPrintable(message));
            QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("shape"));
        }
    }

    // Footprints in a GeoPackage without embedding column + the matrix in a .npy, by row.
    void matchByRow()
    {
        const std::string gpkg = m_dir + "/footprints.gpkg";
        const std::string npy = m_dir + "/vectors.npy";
        DatasetWriteOptions options;
        options.embedding = DatasetWriteOptions::Embedding::Npy;
        options.npyPath = npy;
        writeDataset(m_naip, gpkg, options);
        DatasetOpenOptions open;
        open.npyPath = npy;
        const Dataset back = openDataset(gpkg, open);
        QCOMPARE(back.ids, m_naip.ids);
        QCOMPARE(back.embeddingSource, npy);
        QVERIFY(std::memcmp(back.embeddings.data(), m_naip.embeddings.data(),
                            back.size() * back.dim() * sizeof(float)) == 0);
    }

    // Rows matched through a column holding the .npy row of each feature (here: reversed).
    void matchByIdColumn()
    {
        Dataset shuffled = m_naip;
        const size_t n = m_naip.size();
        AttributeColumn npyRow{"npy_row", {}};
        for (size_t i = 0; i < n; ++i)
            npyRow.values.emplace_back(std::to_string(n - 1 - i));
        shuffled.attributes.push_back(npyRow);
        const std::string gpkg = m_dir + "/byid.gpkg";
        DatasetWriteOptions options;
        options.embedding = DatasetWriteOptions::Embedding::None;
        writeDataset(shuffled, gpkg, options);
        std::vector<int64_t> reversed;
        for (size_t i = 0; i < n; ++i)
            reversed.push_back(int64_t(n - 1 - i));
        const std::string npy = m_dir + "/reversed.npy";
        writeNpy(npy, m_naip.embeddings.selectRows(reversed));

        DatasetOpenOptions open;
        open.npyPath = npy;
        open.npyIdColumn = "npy_row";
        const Dataset back = openDataset(gpkg, open);
        QCOMPARE(back.size(), n);
        QVERIFY(std::memcmp(back.embeddings.data(), m_naip.embeddings.data(),
                            n * back.dim() * sizeof(float)) == 0);

        // Row 5 points past the end of a shorter matrix.
        const std::string shortNpy = m_dir + "/short.npy";
        writeNpy(shortNpy, m_naip.embeddings.selectRows(std::vector<int64_t>{0, 1, 2}));
        open.npyPath = shortNpy;
        try {
            openDataset(gpkg, open);
            QFAIL("out-of-range .npy row accepted");
        } catch (const DataError &error) {
            QCOMPARE(error.row().value(), 0);
            QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("npy_row"));
            QVERIFY(QString::fromStdString(error.what()).contains("out of range"));
        }
    }

    void shapeMismatch()
    {
        const std::string gpkg = m_dir + "/mismatch.gpkg";
        DatasetWriteOptions options;
        options.embedding = DatasetWriteOptions::Embedding::None;
        writeDataset(m_naip, gpkg, options);
        const std::string npy = m_dir + "/fewer.npy";
        writeNpy(npy, m_naip.embeddings.selectRows(std::vector<int64_t>{0, 1, 2, 3}));
        DatasetOpenOptions open;
        open.npyPath = npy;
        try {
            openDataset(gpkg, open);
            QFAIL("shape mismatch accepted");
        } catch (const DataError &error) {
            QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(npy));
            QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("shape"));
            QVERIFY2(QString::fromStdString(error.what())
                         .contains(QStringLiteral("has 4 rows but the layer")),
                     error.what());
        }
    }

    // A zero row in the .npy is skipped with its feature and reported at it; strict refuses it.
    void zeroRowInNpy()
    {
        const std::string gpkg = m_dir + "/zero.gpkg";
        DatasetWriteOptions options;
        options.embedding = DatasetWriteOptions::Embedding::Npy;
        Dataset copy = m_naip;
        std::fill(copy.embeddings.row(7).begin(), copy.embeddings.row(7).end(), 0.0f);
        writeDataset(copy, gpkg, options);
        const Dataset skipped = openDataset(gpkg); // finds zero.npy beside it
        QCOMPARE(skipped.size(), m_naip.size() - 1);
        QCOMPARE(skipped.indexOf(m_naip.ids[7]), int64_t(-1));
        QCOMPARE(skipped.skipped.first.at(0).row, int64_t(7));
        try {
            DatasetOpenOptions strict;
            strict.strict = true;
            openDataset(gpkg, strict);
            QFAIL("zero vector accepted");
        } catch (const DataError &error) {
            QCOMPARE(error.row().value(), 7);
            QVERIFY(QString::fromStdString(error.field()).endsWith("zero.npy"));
        }
    }
};

QTEST_GUILESS_MAIN(TestNpy)
#include "tst_npy.moc"
