// chipfinder-cli end to end: the built executable run with QProcess on a real GeoPackage written
// in the test from the NAIP fixture (chips of the 2020 scene with their feature embeddings and
// the NDWI-derived `water` truth, see tests/common/realfixture.h). Checks outputs against the
// engine run in-process, and that errors exit non-zero with a message naming the culprit.

#include "common/clirun.h"
#include "common/feedback.h"
#include "common/realfixture.h"
#include "dataset/datasetbuilder.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "metrics/embeddingreport.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <random>

using namespace chipfinder;

namespace {

using Result = test::CliResult;
using test::runCli;

QString outputPath(const QString &name)
{
    return QStringLiteral(TEST_OUTPUT_DIR) + QLatin1Char('/') + name;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QString m_gpkg;
    QString m_waterPolygons; // the water chips' footprints as a polygon layer (UTM 14N)
    std::vector<std::string> m_ids;
    std::vector<uint8_t> m_water;
    size_t m_waterCount = 0;

private slots:
    void initTestCase()
    {
        const test::RealFixture fixture = test::makeNaipFixture();
        DatasetBuilder builder(fixture.path, fixture.crsWkt);
        builder.setDriver("test");
        builder.attributes().push_back({"water", {}});
        builder.attributes().push_back({"landcover", {}});
        for (size_t i = 0; i < fixture.size(); ++i) {
            const auto row = fixture.embeddings.row(i);
            if (std::all_of(row.begin(), row.end(), [](float v) { return v == 0.0f; }))
                continue; // nodata chip: no embedding
            const auto &b = fixture.boxes[i];
            const std::array<double, 2> ring[] = {
                {b[0], b[1]}, {b[2], b[1]}, {b[2], b[3]}, {b[0], b[3]}, {b[0], b[1]}};
            const std::string id = "naip-" + std::to_string(i);
            builder.addChip(id, ring, row, int64_t(i));
            const bool water = fixture.waterTruth[i] != 0;
            builder.attributes()[0].values.push_back(water ? "1" : "0");
            builder.attributes()[1].values.push_back(water ? "water" : "land");
            m_ids.push_back(id);
            m_water.push_back(water ? 1 : 0);
            m_waterCount += water ? 1 : 0;
        }
        const Dataset dataset = builder.finish();

        // A polygon layer whose polygons are exactly the water chips' footprints, shrunk by 10 %
        // on each side (so each covers 64 % of its chip and nothing of its neighbours).
        m_waterPolygons = outputPath(QStringLiteral("cli_water_polygons.gpkg"));
        QFile::remove(m_waterPolygons);
        GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        GDALDatasetUniquePtr polygons(
            driver->Create(m_waterPolygons.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr));
        QVERIFY(polygons);
        OGRSpatialReference srs;
        srs.importFromWkt(fixture.crsWkt.c_str());
        OGRLayer *layer = polygons->CreateLayer("ponds", &srs, wkbPolygon, nullptr);
        QVERIFY(layer);
        for (size_t i = 0; i < fixture.size(); ++i) {
            if (!fixture.waterTruth[i])
                continue;
            const auto &b = fixture.boxes[i];
            const double mx = 0.1 * (b[2] - b[0]), my = 0.1 * (b[3] - b[1]);
            OGRLinearRing ring;
            ring.addPoint(b[0] + mx, b[1] + my);
            ring.addPoint(b[2] - mx, b[1] + my);
            ring.addPoint(b[2] - mx, b[3] - my);
            ring.addPoint(b[0] + mx, b[3] - my);
            ring.closeRings();
            OGRPolygon polygon;
            polygon.addRing(&ring);
            OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            feature->SetGeometry(&polygon);
            QCOMPARE(layer->CreateFeature(feature.get()), OGRERR_NONE);
        }
        polygons.reset();
        m_gpkg = outputPath(QStringLiteral("cli_naip.gpkg"));
        writeDataset(dataset, m_gpkg.toStdString());
        QVERIFY(m_waterCount >= 20);
    }

    void helpForEveryCommand_data()
    {
        QTest::addColumn<QString>("command");
        for (const char *c : {"info", "strategies", "search", "simulate", "analyze", "project"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }

    void helpForEveryCommand()
    {
        QFETCH(QString, command);
        const Result r = runCli({command, QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Usage:")), qPrintable(r.out));
        QVERIFY(r.out.contains(command));
        const Result top = runCli({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains(command));
    }

    void info()
    {
        const Result r = runCli({QStringLiteral("info"), m_gpkg});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("GPKG")), qPrintable(r.out));
        QVERIFY(r.out.contains(QString::number(m_ids.size())));
        QVERIFY(r.out.contains(QStringLiteral("UTM zone 14N")));
        QVERIFY(r.out.contains(QStringLiteral("water")));
        QVERIFY(r.out.contains(QStringLiteral("finite and non-zero")));

        const Result j = runCli({QStringLiteral("info"), m_gpkg, QStringLiteral("--json")});
        QCOMPARE(j.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(j.out.toUtf8()).object();
        QCOMPARE(size_t(o[QLatin1String("chips")].toInteger()), m_ids.size());
        QCOMPARE(o[QLatin1String("dimensions")].toInt(), int(test::kFixtureDim));
        QVERIFY(o[QLatin1String("columns")].toArray().contains(QStringLiteral("landcover")));
        const QJsonArray extent = o[QLatin1String("extent_wgs84")].toArray();
        QVERIFY(extent[0].toDouble() > -100.0 && extent[2].toDouble() < -98.0); // North Dakota
        QVERIFY(extent[1].toDouble() > 46.0 && extent[3].toDouble() < 48.0);
    }

    void strategies()
    {
        const auto names = StrategyRegistry::instance().names();
        const Result r = runCli({QStringLiteral("strategies")});
        QCOMPARE(r.exitCode, 0);
        for (const auto &name : names)
            QVERIFY2(r.out.contains(QString::fromStdString(name)), name.c_str());
        const Result j = runCli({QStringLiteral("strategies"), QStringLiteral("--json")});
        QCOMPARE(j.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(j.out.toUtf8()).array();
        QCOMPARE(size_t(list.size()), names.size());
        for (const auto &entry : list)
            QVERIFY(!entry.toObject()[QLatin1String("title")].toString().isEmpty());
    }

    void searchJsonMatchesTheEngine()
    {
        std::vector<int64_t> water, land;
        for (size_t i = 0; i < m_ids.size(); ++i)
            (m_water[i] ? water : land).push_back(int64_t(i));
        const std::vector<int64_t> positives{water[0], water[5], water[10]};
        const std::vector<int64_t> negatives{land[0], land[100]};
        QStringList pos, neg;
        for (const int64_t p : positives)
            pos << QString::fromStdString(m_ids[size_t(p)]);
        for (const int64_t n : negatives)
            neg << QString::fromStdString(m_ids[size_t(n)]);

        const Result r =
            runCli({QStringLiteral("search"), m_gpkg, QStringLiteral("--positives"),
                    pos.join(QLatin1Char(',')), QStringLiteral("--negatives"),
                    neg.join(QLatin1Char(',')), QStringLiteral("--strategy"),
                    QStringLiteral("centroid"), QStringLiteral("--k"), QStringLiteral("12")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray candidates = o[QLatin1String("candidates")].toArray();
        QCOMPARE(candidates.size(), 12);

        // The same search in-process on the file as read back.
        const Dataset dataset = openDataset(m_gpkg.toStdString());
        const FlatIndex index(dataset.embeddings, Metric::Cosine);
        ChipMask labeled(dataset.size());
        std::vector<int64_t> p, n;
        for (const QString &id : pos)
            p.push_back(dataset.indexOf(id.toStdString()));
        for (const QString &id : neg)
            n.push_back(dataset.indexOf(id.toStdString()));
        for (const int64_t c : p)
            labeled.set(c);
        for (const int64_t c : n)
            labeled.set(c);
        std::mt19937_64 rng(0);
        StrategyInput input{&index, p, n, &labeled, 12, &rng, nullptr};
        const auto expected = StrategyRegistry::instance().create("centroid")->propose(input);
        QCOMPARE(expected.size(), size_t(12));
        float previous = std::numeric_limits<float>::max();
        for (int i = 0; i < candidates.size(); ++i) {
            const QJsonObject c = candidates[i].toObject();
            QCOMPARE(c[QLatin1String("rank")].toInt(), i + 1);
            const std::string id = c[QLatin1String("id")].toString().toStdString();
            QCOMPARE(id, dataset.ids[size_t(expected[size_t(i)].chip)]);
            QVERIFY(!pos.contains(QString::fromStdString(id)) &&
                    !neg.contains(QString::fromStdString(id)));
            const float score = float(c[QLatin1String("score")].toDouble());
            QVERIFY(score <= previous);
            previous = score;
            QCOMPARE(c[QLatin1String("proposed_by")].toString(), QStringLiteral("centroid"));
        }
        QCOMPARE(o[QLatin1String("shares")].toObject(),
                 QJsonObject({{QStringLiteral("centroid"), 1.0}}));
    }

    // Without --strategy: auto, which says which of its arms proposed each candidate and how
    // the batch was shared.
    void searchDefaultsToAuto()
    {
        std::vector<int64_t> water, land;
        for (size_t i = 0; i < m_ids.size(); ++i)
            (m_water[i] ? water : land).push_back(int64_t(i));
        const QString pos = QString::fromStdString(m_ids[size_t(water[1])]) + QLatin1Char(',') +
                            QString::fromStdString(m_ids[size_t(water[7])]);
        const QString neg = QString::fromStdString(m_ids[size_t(land[3])]);
        const Result r = runCli({QStringLiteral("search"), m_gpkg, QStringLiteral("--positives"),
                                 pos, QStringLiteral("--negatives"), neg});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("auto: ")), qPrintable(r.err)); // the summary
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QLatin1String("strategy")].toString(), QStringLiteral("auto"));
        const QJsonArray candidates = o[QLatin1String("candidates")].toArray();
        QCOMPARE(candidates.size(), 25);
        const QJsonObject shares = o[QLatin1String("shares")].toObject();
        QVERIFY(shares.size() >= 2);
        double sum = 0.0;
        for (const auto &share : shares)
            sum += share.toDouble();
        QVERIFY(std::abs(sum - 1.0) < 1e-9);
        QMap<QString, int> counts;
        for (const auto &c : candidates) {
            const QString by = c.toObject()[QLatin1String("proposed_by")].toString();
            QVERIFY2(shares.contains(by), qPrintable(by));
            ++counts[by];
        }
        for (auto it = counts.begin(); it != counts.end(); ++it)
            QCOMPARE(shares[it.key()].toDouble(), it.value() / 25.0);
    }

    void searchGeoJsonInWgs84()
    {
        const QString out = outputPath(QStringLiteral("cli_search.geojson"));
        QFile::remove(out);
        const Result r = runCli({QStringLiteral("search"), m_gpkg, QStringLiteral("--positives"),
                                 QString::fromStdString(m_ids[0]), QStringLiteral("--strategy"),
                                 QStringLiteral("knn-union"), QStringLiteral("--k"),
                                 QStringLiteral("5"), QStringLiteral("--format"),
                                 QStringLiteral("geojson"), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(readAll(out)).object();
        QCOMPARE(o[QLatin1String("type")].toString(), QStringLiteral("FeatureCollection"));
        const QJsonArray features = o[QLatin1String("features")].toArray();
        QCOMPARE(features.size(), 5);
        for (int i = 0; i < features.size(); ++i) {
            const QJsonObject f = features[i].toObject();
            const QJsonObject props = f[QLatin1String("properties")].toObject();
            QCOMPARE(props[QLatin1String("rank")].toInt(), i + 1);
            QVERIFY(props[QLatin1String("chip_id")].toString().startsWith(QLatin1String("naip-")));
            QCOMPARE(props[QLatin1String("proposed_by")].toString(), QStringLiteral("knn-union"));
            const QJsonObject geometry = f[QLatin1String("geometry")].toObject();
            QCOMPARE(geometry[QLatin1String("type")].toString(), QStringLiteral("Polygon"));
            const QJsonArray first =
                geometry[QLatin1String("coordinates")].toArray()[0].toArray()[0].toArray();
            const double lon = first[0].toDouble(), lat = first[1].toDouble();
            QVERIFY2(lon > -100.0 && lon < -98.0 && lat > 46.0 && lat < 48.0,
                     qPrintable(QStringLiteral("%1 %2").arg(lon).arg(lat)));
        }
    }

    // --index approximate: the IVF index is built, saved beside the dataset and loaded the
    // next time; the candidates are unlabeled, ranked, and mostly the exact search's.
    void searchWithApproximateIndex()
    {
        const QString copy = outputPath(QStringLiteral("cli_ann.gpkg"));
        const QString cache = copy + QStringLiteral(".cosine.chipfinder-ivf");
        QFile::remove(copy);
        QFile::remove(cache);
        QVERIFY(QFile::copy(m_gpkg, copy));
        std::vector<int64_t> water;
        for (size_t i = 0; i < m_ids.size(); ++i)
            if (m_water[i])
                water.push_back(int64_t(i));
        const QString pos = QString::fromStdString(m_ids[size_t(water[0])]) + QLatin1Char(',') +
                            QString::fromStdString(m_ids[size_t(water[3])]);
        auto search = [&](const QString &index, const QString &file) {
            return runCli({QStringLiteral("search"), file, QStringLiteral("--positives"), pos,
                           QStringLiteral("--strategy"), QStringLiteral("knn-union"),
                           QStringLiteral("--k"), QStringLiteral("20"), QStringLiteral("--index"),
                           index});
        };
        auto ids = [](const Result &r) {
            QStringList out;
            const auto candidates = QJsonDocument::fromJson(r.out.toUtf8())
                                        .object()[QLatin1String("candidates")]
                                        .toArray();
            for (const auto &c : candidates)
                out << c.toObject()[QLatin1String("id")].toString();
            return out;
        };
        const Result exact = search(QStringLiteral("exact"), copy);
        QCOMPARE(exact.exitCode, 0);
        QVERIFY(!QFile::exists(cache));
        const Result first = search(QStringLiteral("approximate"), copy);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY(QFile::exists(cache));
        const QDateTime written = QFileInfo(cache).lastModified();
        const Result second = search(QStringLiteral("approximate"), copy);
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(QFileInfo(cache).lastModified(), written); // loaded, not rebuilt
        const QStringList a = ids(first), e = ids(exact);
        QCOMPARE(a.size(), 20);
        QCOMPARE(ids(second), a);
        int same = 0;
        for (const QString &id : a) {
            QVERIFY(!pos.contains(id));
            same += e.contains(id) ? 1 : 0;
        }
        QVERIFY2(same >= 16, qPrintable(QString::number(same))); // recall@20 ≥ 0.8
        const Result bad = search(QStringLiteral("fast"), copy);
        QVERIFY(bad.exitCode > 0);
        QVERIFY2(bad.err.contains(QStringLiteral("fast")), qPrintable(bad.err));
    }

    void simulateWritesCsvAndPrintsCurves()
    {
        const QString csv = outputPath(QStringLiteral("cli_sim.csv"));
        const QString json = outputPath(QStringLiteral("cli_sim.json"));
        const QStringList args{QStringLiteral("simulate"),     m_gpkg,
                               QStringLiteral("--truth"),      QStringLiteral("water"),
                               QStringLiteral("--strategies"), QStringLiteral("centroid,knn-union"),
                               QStringLiteral("--runs"),       QStringLiteral("3"),
                               QStringLiteral("--out"),        csv,
                               QStringLiteral("--batch"),      QStringLiteral("10"),
                               QStringLiteral("--max-iter"),   QStringLiteral("8"),
                               QStringLiteral("--seed"),       QStringLiteral("4"),
                               QStringLiteral("--json"),       json};
        const Result r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("centroid")));
        QVERIFY(r.out.contains(QStringLiteral("knn-union")));
        QVERIFY(r.out.contains(QStringLiteral("mean recall")));
        QVERIFY(r.out.contains(QStringLiteral("labels spent")));
        QVERIFY(r.out.contains(QStringLiteral("%1 positives").arg(m_waterCount)));

        const QList<QByteArray> lines = readAll(csv).trimmed().split('\n');
        QCOMPARE(lines[0],
                 QByteArray("strategy,run,iteration,recall,labels_spent,batch_precision"));
        // (2 strategies + the oracle and random references) × 3 runs × (start + at most 8
        // iterations).
        QVERIFY(lines.size() > 1 + 12 && lines.size() <= 1 + 4 * 3 * 9);
        QVERIFY(readAll(csv).contains("\noracle,0,0,"));
        QVERIFY(readAll(csv).contains("\nrandom,2,0,"));
        QVERIFY(r.out.contains(QStringLiteral("vs oracle")));
        const QList<QByteArray> first = lines[1].split(',');
        QCOMPARE(first[0], QByteArray("centroid"));
        QCOMPARE(first[2], QByteArray("0"));
        QCOMPARE(first[3].toDouble(), 3.0 / double(m_waterCount));

        const QJsonObject o = QJsonDocument::fromJson(readAll(json)).object();
        QCOMPARE(size_t(o[QLatin1String("true_positives")].toInt()), m_waterCount);
        const QJsonArray strategies = o[QLatin1String("strategies")].toArray();
        QCOMPARE(strategies.size(), 4);
        QCOMPARE(o[QLatin1String("references")].toArray(),
                 QJsonArray({QStringLiteral("oracle"), QStringLiteral("random")}));
        for (int i = 0; i < 4; ++i) {
            const QJsonObject s = strategies[i].toObject();
            QCOMPARE(s[QLatin1String("reference")].toBool(), i >= 2);
            QVERIFY(s[QLatin1String("label_efficiency")].isObject());
        }
        // The oracle's batches are all true positives (water chips remain after 8 batches of 10).
        for (const auto &run : strategies[2].toObject()[QLatin1String("runs")].toArray())
            for (const auto &p : run.toObject()[QLatin1String("batch_precision")].toArray())
                QCOMPARE(p.toDouble(), 1.0);

        // Same seed, same CSV.
        const QByteArray before = readAll(csv);
        QCOMPARE(runCli(args).exitCode, 0);
        QCOMPARE(readAll(csv), before);
    }

    // --audit: audit rounds every --audit-every iterations; the CSV gains the estimate of the
    // positives left, its interval, the truth and whether the interval holds it; the JSON the
    // coverage; the summary prints it.
    void simulateWithAudit()
    {
        const QString csv = outputPath(QStringLiteral("cli_sim_audit.csv"));
        const QString json = outputPath(QStringLiteral("cli_sim_audit.json"));
        const QStringList args{QStringLiteral("simulate"),      m_gpkg,
                               QStringLiteral("--truth"),       QStringLiteral("water"),
                               QStringLiteral("--strategies"),  QStringLiteral("centroid"),
                               QStringLiteral("--runs"),        QStringLiteral("4"),
                               QStringLiteral("--out"),         csv,
                               QStringLiteral("--batch"),       QStringLiteral("10"),
                               QStringLiteral("--max-iter"),    QStringLiteral("6"),
                               QStringLiteral("--audit"),       QStringLiteral("30"),
                               QStringLiteral("--audit-every"), QStringLiteral("2"),
                               QStringLiteral("--json"),        json};
        const Result r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("audit: the 95 % interval of the positives left "
                                               "held the truth in")),
                 qPrintable(r.out));

        const QList<QByteArray> lines = readAll(csv).trimmed().split('\n');
        QCOMPARE(lines[0], QByteArray("strategy,run,iteration,recall,labels_spent,batch_precision,"
                                      "remaining_estimate,remaining_low,remaining_high,"
                                      "remaining_true,remaining_covered"));
        size_t estimates = 0, covered = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> f = lines[i].split(',');
            QCOMPARE(f.size(), 11);
            const int iteration = f[2].toInt();
            if (iteration < 2) { // before the first audit: no estimate
                QVERIFY(f[6].isEmpty() && f[10].isEmpty());
                continue;
            }
            if (f[6].isEmpty())
                continue; // a run that stopped early
            ++estimates;
            const double low = f[7].toDouble(), high = f[8].toDouble();
            const int truth = f[9].toInt();
            QVERIFY(low <= f[6].toDouble() && f[6].toDouble() <= high);
            QVERIFY(truth >= 0 && truth <= int(m_waterCount));
            QCOMPARE(f[10] == "1", low <= truth && truth <= high);
            covered += f[10] == "1" ? 1 : 0;
        }
        QVERIFY(estimates >= 4 * 3 * 3); // 3 strategies (with the references) × 4 runs × ≥ 3
        // Audited chips are labels spent: iteration 2 spent 10 + 10 + 30 more than the start.
        QVERIFY(readAll(csv).contains("\ncentroid,0,2,"));
        for (const QByteArray &line : lines)
            if (line.startsWith("centroid,0,2,"))
                QCOMPARE(line.split(',')[4].toInt(), 6 + 10 + 10 + 30);

        const QJsonObject o = QJsonDocument::fromJson(readAll(json)).object();
        const QJsonObject audit =
            o[QLatin1String("config")].toObject()[QLatin1String("audit")].toObject();
        QCOMPARE(audit[QLatin1String("size")].toInt(), 30);
        QCOMPARE(audit[QLatin1String("every")].toInt(), 2);
        size_t jsonPoints = 0, jsonCovered = 0;
        for (const auto &s : o[QLatin1String("strategies")].toArray()) {
            const QJsonObject strategy = s.toObject();
            QVERIFY(strategy[QLatin1String("audit_coverage")].isDouble());
            jsonPoints += size_t(strategy[QLatin1String("audit_points")].toInt());
            for (const auto &run : strategy[QLatin1String("runs")].toArray())
                for (const auto &point : run.toObject()[QLatin1String("audit")].toArray())
                    jsonCovered += point.toObject()[QLatin1String("covered")].toBool() ? 1 : 0;
        }
        QCOMPARE(jsonPoints, estimates);
        QCOMPARE(jsonCovered, covered);
        QVERIFY(double(covered) >= 0.8 * double(estimates));

        // Without --audit the CSV keeps its six columns.
        QCOMPARE(runCli(args.mid(0, args.size() - 6) + QStringList{QStringLiteral("--json"), json})
                     .exitCode,
                 0);
        QCOMPARE(readAll(csv).split('\n')[0],
                 QByteArray("strategy,run,iteration,recall,labels_spent,batch_precision"));
    }

    void truthFromPolygons()
    {
        // 64 % coverage: positive at --min-coverage 0.5, no chip at 0.7.
        const QString csv = outputPath(QStringLiteral("cli_sim_polygons.csv"));
        const Result r =
            runCli({QStringLiteral("simulate"), m_gpkg, QStringLiteral("--truth-polygons"),
                    m_waterPolygons, QStringLiteral("--min-coverage"), QStringLiteral("0.5"),
                    QStringLiteral("--strategies"), QStringLiteral("rocchio"),
                    QStringLiteral("--runs"), QStringLiteral("2"), QStringLiteral("--max-iter"),
                    QStringLiteral("3"), QStringLiteral("--out"), csv});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral(": %1 positives").arg(m_waterCount)),
                 qPrintable(r.out));
        const Result none =
            runCli({QStringLiteral("analyze"), m_gpkg, QStringLiteral("--truth-polygons"),
                    m_waterPolygons, QStringLiteral("--min-coverage"), QStringLiteral("0.7")});
        QVERIFY(none.exitCode > 0);
        QVERIFY2(none.err.contains(QStringLiteral("no positive")), qPrintable(none.err));
    }

    void analyze()
    {
        // The report of core/metrics/embeddingreport.h in its JSON form (schema 1), as the app's
        // Embedding analysis panel exports it.
        const QString json = outputPath(QStringLiteral("cli_analyze.json"));
        const Result r = runCli({QStringLiteral("analyze"), m_gpkg, QStringLiteral("--truth"),
                                 QStringLiteral("water"), QStringLiteral("--strategies"),
                                 QStringLiteral("centroid,random-positive"), QStringLiteral("--k"),
                                 QStringLiteral("20"), QStringLiteral("--json"), json});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Diversity — selected (%1)").arg(m_waterCount)));
        QVERIFY(r.out.contains(QStringLiteral("Coverage — random (%1)").arg(m_waterCount)));
        QVERIFY(r.out.contains(QStringLiteral("precision@20")));
        QVERIFY(r.out.contains(QLatin1Char('#')));
        const QJsonObject root = QJsonDocument::fromJson(readAll(json)).object();
        QCOMPARE(root[QLatin1String("schema")].toInt(), 1);
        QCOMPARE(root[QLatin1String("dataset")].toString(), m_gpkg);
        QCOMPARE(size_t(root[QLatin1String("chips")].toInt()), m_ids.size());
        QCOMPARE(root[QLatin1String("selected")].toString(), QStringLiteral("selected"));
        QCOMPARE(root[QLatin1String("bins")].toInt(), 10);
        const QJsonArray diversity = root[QLatin1String("diversity")].toArray();
        const QJsonArray coverage = root[QLatin1String("coverage")].toArray();
        QCOMPARE(diversity.size(), 3); // all, selected, random
        QCOMPARE(coverage.size(), 2);  // by selected, by random
        double upper = 0.0;
        for (const QJsonArray &section : {diversity, coverage})
            for (const auto &v : section) {
                const QJsonObject set = v.toObject();
                const QJsonObject s = set[QLatin1String("summary")].toObject();
                QVERIFY(s[QLatin1String("min")].toDouble() <= s[QLatin1String("mean")].toDouble());
                QVERIFY(s[QLatin1String("mean")].toDouble() <= s[QLatin1String("max")].toDouble());
                if (set[QLatin1String("set")].toString() != QLatin1String("all"))
                    QCOMPARE(size_t(set[QLatin1String("members")].toInt()), m_waterCount);
                QCOMPARE(set[QLatin1String("histogram")][QLatin1String("counts")].toArray().size(),
                         10);
            }
        for (const auto &v : diversity)
            upper = std::max(
                upper,
                v.toObject()[QLatin1String("summary")].toObject()[QLatin1String("max")].toDouble());
        for (const auto &v : diversity) // one histogram range for the section
            QCOMPARE(v.toObject()[QLatin1String("histogram")]
                         .toObject()[QLatin1String("upper")]
                         .toDouble(),
                     upper);
        for (const auto &v : coverage)
            QCOMPARE(size_t(v.toObject()[QLatin1String("summary")]
                                .toObject()[QLatin1String("count")]
                                .toInt()),
                     m_ids.size());
        const QJsonObject retrieval = root[QLatin1String("retrieval")].toObject();
        QCOMPARE(retrieval[QLatin1String("status")].toString(), QStringLiteral("computed"));
        QCOMPARE(size_t(retrieval[QLatin1String("true_positives")].toInt()), m_waterCount);
        QCOMPARE(retrieval[QLatin1String("strategies")].toArray().size(), 2);

        // The same report in-process on the file as read back: the very same JSON.
        const Dataset dataset = openDataset(m_gpkg.toStdString());
        const FlatIndex index(dataset.embeddings, Metric::Cosine);
        EmbeddingReportInput input;
        input.embeddings = &dataset.embeddings;
        input.dataset = m_gpkg.toStdString();
        input.seed = 0;
        input.bins = 10;
        ChipSet selected{"selected", {}};
        for (size_t i = 0; i < m_water.size(); ++i)
            if (m_water[i])
                selected.chips.push_back(int64_t(i));
        input.sets = {selected};
        input.index = &index;
        input.truth = m_water;
        input.truthName = retrieval[QLatin1String("truth")].toString().toStdString();
        input.strategies = {"centroid", "random-positive"};
        input.k = 20;
        Feedback feedback;
        QCOMPARE(readAll(json).toStdString(), computeEmbeddingReport(input, feedback).toJson());

        // Without a truth: the whole set only; with --strategies but no truth: an error.
        const QString bareJson = outputPath(QStringLiteral("cli_analyze_bare.json"));
        const Result bare =
            runCli({QStringLiteral("analyze"), m_gpkg, QStringLiteral("--json"), bareJson});
        QCOMPARE(bare.exitCode, 0);
        const QJsonObject bareRoot = QJsonDocument::fromJson(readAll(bareJson)).object();
        QCOMPARE(bareRoot[QLatin1String("diversity")].toArray().size(), 1);
        QCOMPARE(bareRoot[QLatin1String("coverage")].toArray().size(), 0);
        QVERIFY(bareRoot[QLatin1String("selected")].isNull());
        QCOMPARE(bareRoot[QLatin1String("retrieval")][QLatin1String("status")].toString(),
                 QStringLiteral("no_truth"));
        const Result noTruth = runCli({QStringLiteral("analyze"), m_gpkg,
                                       QStringLiteral("--strategies"), QStringLiteral("centroid")});
        QVERIFY(noTruth.exitCode > 0);
        QVERIFY2(noTruth.err.contains(QStringLiteral("--strategies")), qPrintable(noTruth.err));
    }

    void errorsExitNonZero_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QString missing = outputPath(QStringLiteral("no-such-file.gpkg"));
        const QString csv = outputPath(QStringLiteral("cli_err.csv"));
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("info missing file")
            << QStringList{QStringLiteral("info"), missing} << missing;
        QTest::newRow("simulate missing file")
            << QStringList{QStringLiteral("simulate"),     missing,
                           QStringLiteral("--truth"),      QStringLiteral("water"),
                           QStringLiteral("--strategies"), QStringLiteral("centroid"),
                           QStringLiteral("--runs"),       QStringLiteral("1"),
                           QStringLiteral("--out"),        csv}
            << missing;
        QTest::newRow("unknown strategy")
            << QStringList{QStringLiteral("simulate"),     QStringLiteral("@GPKG@"),
                           QStringLiteral("--truth"),      QStringLiteral("water"),
                           QStringLiteral("--strategies"), QStringLiteral("centroid,no-such"),
                           QStringLiteral("--runs"),       QStringLiteral("1"),
                           QStringLiteral("--out"),        csv}
            << QStringLiteral("no-such");
        QTest::newRow("unknown truth column")
            << QStringList{QStringLiteral("simulate"),     QStringLiteral("@GPKG@"),
                           QStringLiteral("--truth"),      QStringLiteral("lakes"),
                           QStringLiteral("--strategies"), QStringLiteral("centroid"),
                           QStringLiteral("--runs"),       QStringLiteral("1"),
                           QStringLiteral("--out"),        csv}
            << QStringLiteral("'lakes'");
        QTest::newRow("truth column not 1/0")
            << QStringList{QStringLiteral("simulate"),     QStringLiteral("@GPKG@"),
                           QStringLiteral("--truth"),      QStringLiteral("landcover"),
                           QStringLiteral("--strategies"), QStringLiteral("centroid"),
                           QStringLiteral("--runs"),       QStringLiteral("1"),
                           QStringLiteral("--out"),        csv}
            << QStringLiteral("field 'landcover'");
        QTest::newRow("missing --out")
            << QStringList{QStringLiteral("simulate"),     QStringLiteral("@GPKG@"),
                           QStringLiteral("--truth"),      QStringLiteral("water"),
                           QStringLiteral("--strategies"), QStringLiteral("centroid"),
                           QStringLiteral("--runs"),       QStringLiteral("1")}
            << QStringLiteral("--out");
        QTest::newRow("bad number")
            << QStringList{QStringLiteral("simulate"),     QStringLiteral("@GPKG@"),
                           QStringLiteral("--truth"),      QStringLiteral("water"),
                           QStringLiteral("--strategies"), QStringLiteral("centroid"),
                           QStringLiteral("--runs"),       QStringLiteral("three"),
                           QStringLiteral("--out"),        csv}
            << QStringLiteral("--runs");
        QTest::newRow("audit every 0")
            << QStringList{QStringLiteral("simulate"),      QStringLiteral("@GPKG@"),
                           QStringLiteral("--truth"),       QStringLiteral("water"),
                           QStringLiteral("--runs"),        QStringLiteral("1"),
                           QStringLiteral("--audit"),       QStringLiteral("10"),
                           QStringLiteral("--audit-every"), QStringLiteral("0"),
                           QStringLiteral("--out"),         csv}
            << QStringLiteral("--audit-every");
        QTest::newRow("unknown chip id")
            << QStringList{QStringLiteral("search"), QStringLiteral("@GPKG@"),
                           QStringLiteral("--positives"), QStringLiteral("naip-999999")}
            << QStringLiteral("naip-999999");
        QTest::newRow("search unknown strategy")
            << QStringList{QStringLiteral("search"),      QStringLiteral("@GPKG@"),
                           QStringLiteral("--positives"), QStringLiteral("x"),
                           QStringLiteral("--strategy"),  QStringLiteral("no-such")}
            << QStringLiteral("no-such");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("info"), QStringLiteral("--frob"),
                           QStringLiteral("@GPKG@")}
            << QStringLiteral("frob");
    }

    void errorsExitNonZero()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        arguments.replaceInStrings(QStringLiteral("@GPKG@"), m_gpkg);
        const Result r = runCli(arguments);
        QVERIFY2(r.exitCode > 0, qPrintable(QString::number(r.exitCode) + r.err));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
