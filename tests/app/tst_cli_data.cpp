// chipfinder-cli on data as users have it, run as a person would: points need --chip-size-m
// (and become square chips with it), unusable rows are skipped with a report on stderr that
// `info` also prints (exit 1), --strict refuses them, --crs gives the CRS of projected
// coordinates, a bad --blob-type is a usage error.

#include "common/clirun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <QFile>

#include <cmath>
#include <functional>

using namespace chipfinder;
using chipfinder::test::runCli;

namespace {

// A GeoJSON FeatureCollection: features with an id, an embedding property and a geometry.
QByteArray featureCollection(const QList<QByteArray> &embeddings,
                             const std::function<QByteArray(int)> &geometry)
{
    QByteArray json = R"({"type":"FeatureCollection","features":[)";
    for (int i = 0; i < embeddings.size(); ++i)
        json += (i ? "," : "") + QByteArray(R"({"type":"Feature","properties":{"id":"c)") +
                QByteArray::number(i) + R"(","embedding":)" + embeddings[i] + R"(},"geometry":)" +
                geometry(i) + "}";
    return json + "]}";
}

QByteArray point(int i)
{
    return R"({"type":"Point","coordinates":[)" + QByteArray::number(-99.5 + 0.01 * i, 'f', 3) +
           ",47.2]}";
}

QByteArray square(int i)
{
    const QByteArray x = QByteArray::number(-99.5 + 0.01 * i, 'f', 3);
    const QByteArray x1 = QByteArray::number(-99.49 + 0.01 * i, 'f', 3);
    return R"({"type":"Polygon","coordinates":[[[)" + x + ",47.2],[" + x1 + ",47.2],[" + x1 +
           ",47.21],[" + x + ",47.2]]]}";
}

} // namespace

class TestCliData : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cli-data-XXXXXX")};

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(content);
        return path;
    }

private slots:
    void pointsNeedAChipSize()
    {
        const QString path = write(QStringLiteral("points.geojson"),
                                   featureCollection({"[1,2,3]", "[2,1,3]", "[3,2,1]"}, point));
        auto r = runCli({QStringLiteral("info"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--chip-size-m")), qPrintable(r.err));

        r = runCli({QStringLiteral("info"), path, QStringLiteral("--chip-size-m"),
                    QStringLiteral("320"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject info = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(info.value(QStringLiteral("chips")).toInt(), 3);
        const QJsonArray extent = info.value(QStringLiteral("extent_wgs84")).toArray();
        // Three 320 m squares centred 0.01° apart: 0.02° + 320 m wide, 320 m high.
        QVERIFY2(std::abs((extent[3].toDouble() - extent[1].toDouble()) * 111200.0 - 320.0) < 2.0,
                 qPrintable(r.out));

        // The search writes the squares.
        const QString out = m_dir.filePath(QStringLiteral("candidates.geojson"));
        r = runCli({QStringLiteral("search"), path, QStringLiteral("--chip-size-m"),
                    QStringLiteral("320"), QStringLiteral("--positives"), QStringLiteral("c0"),
                    QStringLiteral("--strategy"), QStringLiteral("centroid"), QStringLiteral("--k"),
                    QStringLiteral("2"), QStringLiteral("--format"), QStringLiteral("geojson"),
                    QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray geojson = written.readAll();
        QVERIFY2(geojson.contains("\"Polygon\""), geojson.constData());
    }

    void unusableRowsAreReported()
    {
        const QString path =
            write(QStringLiteral("unusable.geojson"),
                  featureCollection({"[1,2,3]", "[0,0,0]", "[2,1,3]", "null", "[3,2,1]"}, square));
        auto r = runCli({QStringLiteral("info"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("1 are zero")) &&
                     r.out.contains(QStringLiteral("2 rows not loaded")),
                 qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(QStringLiteral("2 rows skipped")) &&
                     r.err.contains(QStringLiteral("row 1 (id 'c1')")) &&
                     r.err.contains(QStringLiteral("--strict")),
                 qPrintable(r.err));

        r = runCli({QStringLiteral("info"), path, QStringLiteral("--json")});
        const QJsonObject info = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(info.value(QStringLiteral("chips")).toInt(), 3);
        QCOMPARE(info.value(QStringLiteral("skipped_rows")).toInt(), 2);
        QCOMPARE(info.value(QStringLiteral("zero_embeddings")).toInt(), 1);
        QCOMPARE(info.value(QStringLiteral("first_skipped"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("id")),
                 QJsonValue(QStringLiteral("c3")));

        r = runCli({QStringLiteral("info"), path, QStringLiteral("--strict")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("row 1")) &&
                     r.err.contains(QStringLiteral("values are zero")),
                 qPrintable(r.err));
    }

    void badBlobTypeIsAUsageError()
    {
        const QString path =
            write(QStringLiteral("fine.geojson"), featureCollection({"[1,2,3]"}, square));
        const auto r = runCli(
            {QStringLiteral("info"), path, QStringLiteral("--blob-type"), QStringLiteral("f8")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("--blob-type")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliData)
#include "tst_cli_data.moc"
