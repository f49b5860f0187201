// chipfinder-cli and the embedding cache, as a user runs it: the first `info` of a large dataset
// (footprints + .npy, over the 64 MiB threshold) writes the cache under XDG_CACHE_HOME, the
// second maps it; `--embedding-cache off` leaves no cache; `info --no-check` never reads the
// embeddings (a broken .npy does not matter); a bad mode is refused naming the option.

#include "common/clirun.h"
#include "dataset/datasetbuilder.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "project/projectstore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <fstream>

using namespace chipfinder;

class TestCliCache : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cli-cache-XXXXXX")};
    QString m_dataset;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();

    QString file(const QString &name) const { return QDir(m_dir.path()).filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // 22 000 chips × 768 float32 = 67.6 MB: above the cache threshold.
        const size_t n = 22000, d = 768;
        DatasetBuilder builder("generated", "EPSG:4326");
        builder.reserve(n);
        std::vector<float> vector(d);
        for (size_t i = 0; i < n; ++i) {
            for (size_t j = 0; j < d; ++j)
                vector[j] = float((i * 31 + j * 7) % 101) / 101.0f + 0.01f;
            const double x = -100.0 + double(i % 150) * 0.001, y = 40.0 + double(i / 150) * 0.001;
            const std::array<std::array<double, 2>, 4> ring{
                {{x, y}, {x + 0.001, y}, {x + 0.001, y + 0.001}, {x, y + 0.001}}};
            builder.addChip("c" + std::to_string(i), ring, vector, int64_t(i));
        }
        DatasetWriteOptions options;
        options.embedding = DatasetWriteOptions::Embedding::Npy;
        m_dataset = file("large.fgb");
        writeDataset(builder.finish(), m_dataset.toStdString(), options);
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), file("cache"));
        m_env.insert(QStringLiteral("LANG"), QStringLiteral("C"));
    }

    void secondRunMapsTheCache()
    {
        const auto off = test::runCli(
            {QStringLiteral("info"), m_dataset, QStringLiteral("--embedding-cache"), "off"}, m_env);
        QCOMPARE(off.exitCode, 0);
        QVERIFY(!QDir(file("cache")).exists());

        const auto first = test::runCli({QStringLiteral("info"), m_dataset}, m_env);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY2(first.out.contains(QStringLiteral("Cache:")) &&
                     first.out.contains(QStringLiteral("written to ") + file("cache")),
                 qPrintable(first.out));
        QVERIFY(first.out.contains(QStringLiteral("every embedding is finite and non-zero")));
        const auto second = test::runCli({QStringLiteral("info"), m_dataset}, m_env);
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.out.contains(QStringLiteral("read from ")), qPrintable(second.out));
        QVERIFY(second.out.contains(QStringLiteral("Dimensions:   768")));
        // A search from the mapped matrix finds the chip itself first.
        const auto search =
            test::runCli({QStringLiteral("search"), m_dataset, QStringLiteral("--positives"),
                          QStringLiteral("c5"), QStringLiteral("--strategy"),
                          QStringLiteral("centroid"), QStringLiteral("--k"), QStringLiteral("3")},
                         m_env);
        QVERIFY2(search.exitCode == 0, qPrintable(search.err));
        QVERIFY(search.out.contains(QStringLiteral("\"candidates\"")));
    }

    // The footprints went to the cache with the matrix: info --no-check and export read them
    // from there (export's labels land on the right chips, in the right place).
    void footprintsComeFromTheCache()
    {
        const auto first = test::runCli({QStringLiteral("info"), m_dataset}, m_env);
        QCOMPARE(first.exitCode, 0);
        const auto light =
            test::runCli({QStringLiteral("info"), m_dataset, QStringLiteral("--no-check")}, m_env);
        QVERIFY2(light.exitCode == 0, qPrintable(light.err));
        QVERIFY2(light.out.contains(QStringLiteral("footprints read from ") + file("cache")),
                 qPrintable(light.out));
        QVERIFY(light.out.contains(QStringLiteral("Chips:        22000")));
        const QString project = file("large.chipfinder.gpkg");
        {
            auto store = ProjectStore::create(
                project.toStdString(),
                DatasetReference::fromOpenOptions(m_dataset.toStdString(), DatasetOpenOptions{}));
            Label label;
            label.chipId = "c151";
            label.value = LabelValue::Positive;
            store->setLabel(label);
        }
        const QString out = file("labels.geojson");
        const auto exported =
            test::runCli({QStringLiteral("export"), project, QStringLiteral("--out"), out}, m_env);
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QFile geojson(out);
        QVERIFY(geojson.open(QIODevice::ReadOnly));
        const QByteArray text = geojson.readAll();
        // c151: column 1, row 1 of the generated grid: its corner at (-99.999, 40.001).
        QVERIFY2(text.contains("\"c151\"") && text.contains("-99.999") && text.contains("40.001"),
                 text.constData());
    }

    void noCheckNeverReadsTheEmbeddings()
    {
        const QString broken = file("broken.fgb");
        QVERIFY(QFile::copy(m_dataset, broken));
        std::ofstream(file("broken.npy").toStdString()) << "not a matrix";
        const auto full = test::runCli({QStringLiteral("info"), broken}, m_env);
        QVERIFY(full.exitCode != 0);
        QVERIFY(full.err.contains(QStringLiteral("broken.npy")));
        const auto light =
            test::runCli({QStringLiteral("info"), broken, QStringLiteral("--no-check")}, m_env);
        QVERIFY2(light.exitCode == 0, qPrintable(light.err));
        QVERIFY(light.out.contains(QStringLiteral("Chips:        22000")));
        QVERIFY(light.out.contains(QStringLiteral("not read (--no-check)")));
    }

    void badModeIsRefused()
    {
        const auto bad = test::runCli(
            {QStringLiteral("info"), m_dataset, QStringLiteral("--embedding-cache"), "fp8"}, m_env);
        QVERIFY(bad.exitCode != 0);
        QVERIFY2(bad.err.contains(QStringLiteral("--embedding-cache: 'fp8'")), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(TestCliCache)
#include "tst_cli_cache.moc"
