// Label export (GeoJSON RFC 7946, GeoPackage, FlatGeobuf through OGR) and import (chip ids,
// polygons), on a real Dataset tiled from a NAIP scene (UTM 14N footprints).

#include "common/errors.h"
#include "common/feedback.h"
#include "core/naipchipdataset.h"
#include "export/labelexporter.h"
#include "export/labelimporter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <ctime>
#include <map>

using namespace chipfinder;

namespace {

// 22 labels over the scene, with every source, NaN and real scores, empty and set strategies.
std::vector<Label> sampleLabels(const Dataset &dataset)
{
    std::vector<Label> labels;
    for (size_t chip = 3; chip < dataset.size() && labels.size() < 23; chip += 7) {
        const size_t k = labels.size();
        Label label;
        label.chip = int64_t(chip);
        label.chipId = dataset.ids[chip];
        label.value = k % 3 == 0 ? LabelValue::Negative : LabelValue::Positive;
        label.source = static_cast<LabelSource>(k % 4);
        if (label.source == LabelSource::Accepted || label.source == LabelSource::Rejected) {
            label.score = 0.9 - 0.01 * double(k);
            label.strategy = k % 2 ? "centroid" : "common-contrastive";
            label.round = int(k / 4) + 1;
        }
        label.labeledAtMs = 1763900000000LL + int64_t(k) * 61'001;
        labels.push_back(label);
    }
    return labels;
}

QString isoOf(int64_t ms)
{
    return QString::fromStdString(isoUtcFromMs(ms));
}

// The feature's labeled_at as ISO text (UTC, milliseconds).
QString featureTime(OGRFeature &feature, int field)
{
    int y, mo, d, h, mi, tz;
    float s;
    if (!feature.GetFieldAsDateTime(field, &y, &mo, &d, &h, &mi, &s, &tz))
        return QStringLiteral("<not a date-time>");
    const int whole = int(s);
    const int millis = int(std::lround((s - whole) * 1000.0));
    return QStringLiteral("%1-%2-%3T%4:%5:%6.%7Z%8")
        .arg(y, 4, 10, QChar('0'))
        .arg(mo, 2, 10, QChar('0'))
        .arg(d, 2, 10, QChar('0'))
        .arg(h, 2, 10, QChar('0'))
        .arg(mi, 2, 10, QChar('0'))
        .arg(whole, 2, 10, QChar('0'))
        .arg(millis, 3, 10, QChar('0'))
        .arg(tz == 100 ? QString() : QStringLiteral(" (tz %1)").arg(tz));
}

std::unique_ptr<OGRGeometry> fromWkb(const std::vector<uint8_t> &wkb)
{
    OGRGeometry *geometry = nullptr;
    OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size());
    return std::unique_ptr<OGRGeometry>(geometry);
}

// Signed shoelace area of a ring given as [[x, y], ...]: > 0 = counter-clockwise.
double signedArea(const QJsonArray &ring)
{
    double twice = 0.0;
    for (int k = 0; k + 1 < ring.size(); ++k) {
        const QJsonArray a = ring[k].toArray(), b = ring[k + 1].toArray();
        twice += a[0].toDouble() * b[1].toDouble() - b[0].toDouble() * a[1].toDouble();
    }
    return twice / 2.0;
}

bool runOgrinfo(const QString &file, QString *output)
{
    QProcess ogrinfo;
    ogrinfo.start(QStringLiteral("ogrinfo"), {QStringLiteral("-al"), QStringLiteral("-so"), file});
    if (!ogrinfo.waitForFinished(60000))
        return false;
    *output = QString::fromUtf8(ogrinfo.readAllStandardOutput() + ogrinfo.readAllStandardError());
    return ogrinfo.exitStatus() == QProcess::NormalExit && ogrinfo.exitCode() == 0;
}

// The footprint envelope of a chip in the source CRS (UTM metres).
OGREnvelope chipBox(const Dataset &dataset, const std::string &id)
{
    OGREnvelope box;
    fromWkb(dataset.sourceWkb[size_t(dataset.indexOf(id))])->getEnvelope(&box);
    return box;
}

struct TestPolygon
{
    double x0, y0, x1, y1; // UTM box
    const char *label;     // nullptr = no label property
    bool point = false;    // write a point instead (a bad row)
};

// Writes the boxes as a WGS 84 GeoJSON layer (reprojected from the dataset's CRS with OGR).
bool writePolygons(const std::string &path, const Dataset &dataset,
                   const std::vector<TestPolygon> &polygons)
{
    OGRSpatialReference utm, wgs84;
    utm.importFromWkt(dataset.sourceCrsWkt.c_str());
    utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> transform(
        OGRCreateCoordinateTransformation(&utm, &wgs84));
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        return false;
    OGRLayer *layer = ds->CreateLayer("areas", &wgs84, wkbUnknown, nullptr);
    OGRFieldDefn field("label", OFTString);
    layer->CreateField(&field);
    for (const auto &p : polygons) {
        OGRFeature feature(layer->GetLayerDefn());
        if (p.label)
            feature.SetField("label", p.label);
        std::unique_ptr<OGRGeometry> geometry;
        if (p.point) {
            geometry = std::make_unique<OGRPoint>(p.x0, p.y0);
        } else {
            auto ring = std::make_unique<OGRLinearRing>();
            ring->addPoint(p.x0, p.y0);
            ring->addPoint(p.x1, p.y0);
            ring->addPoint(p.x1, p.y1);
            ring->addPoint(p.x0, p.y1);
            ring->addPoint(p.x0, p.y0);
            auto polygon = std::make_unique<OGRPolygon>();
            polygon->addRingDirectly(ring.release());
            geometry = std::move(polygon);
        }
        geometry->transform(transform.get());
        feature.SetGeometry(geometry.get());
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            return false;
    }
    return true;
}

QString describeChanges(const std::vector<LabelChange> &changes)
{
    QStringList parts;
    for (const auto &change : changes)
        parts << QString::fromStdString(change.chipId + "=" + labelValueName(change.label->value));
    parts.sort();
    return parts.join(' ');
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/export-XXXXXX")};
    Dataset m_dataset;
    std::vector<Label> m_labels;
    QString file(const QString &name) const { return QDir(m_dir.path()).filePath(name); }

    void writeText(const QString &name, const QByteArray &text) const
    {
        QFile f(file(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataset = test::makeNaipChipDataset(64);
        QCOMPARE(m_dataset.size(), size_t(14 * 11));
        m_labels = sampleLabels(m_dataset);
        QCOMPARE(m_labels.size(), size_t(22));
    }

    void formatFromExtension_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("format"); // -1 = unknown
        QTest::newRow("geojson") << "a/labels.geojson" << int(ExportFormat::GeoJson);
        QTest::newRow("json upper") << "labels.JSON" << int(ExportFormat::GeoJson);
        QTest::newRow("gpkg") << "labels.gpkg" << int(ExportFormat::GeoPackage);
        QTest::newRow("fgb") << "labels.fgb" << int(ExportFormat::FlatGeobuf);
        QTest::newRow("shp") << "labels.shp" << -1;
        QTest::newRow("none") << "labels" << -1;
    }
    void formatFromExtension()
    {
        QFETCH(QString, path);
        QFETCH(int, format);
        const auto detected = LabelExporter::formatForPath(path.toStdString());
        QCOMPARE(detected ? int(*detected) : -1, format);
    }

    // Every format and CRS: read back with OGR, field by field, geometry by geometry.
    void exportReadsBack_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("sourceCrs");
        QTest::addColumn<QString>("driver");
        QTest::newRow("geojson") << "labels.geojson" << false << "GeoJSON";
        QTest::newRow("gpkg wgs84") << "labels-wgs84.gpkg" << false << "GPKG";
        QTest::newRow("gpkg source crs") << "labels-utm.gpkg" << true << "GPKG";
        QTest::newRow("fgb wgs84") << "labels-wgs84.fgb" << false << "FlatGeobuf";
        QTest::newRow("fgb source crs") << "labels-utm.fgb" << true << "FlatGeobuf";
    }
    void exportReadsBack()
    {
        QFETCH(QString, name);
        QFETCH(bool, sourceCrs);
        QFETCH(QString, driver);
        const QString path = file(name);
        LabelExportOptions options;
        options.crs =
            sourceCrs ? LabelExportOptions::Crs::SourceCrs : LabelExportOptions::Crs::Wgs84;
        std::vector<double> progress;
        Feedback feedback([&](double f) { progress.push_back(f); });
        const size_t written =
            LabelExporter(m_dataset).write(path.toStdString(), m_labels, options, &feedback);
        QCOMPARE(written, m_labels.size());
        QVERIFY(!progress.empty());
        QCOMPARE(progress.back(), 1.0);
        // No temporary left beside it.
        QCOMPARE(QDir(m_dir.path()).entryList({"*.partial-*"}, QDir::Files), QStringList());

        GDALDatasetUniquePtr ds(
            GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        QVERIFY(ds);
        QCOMPARE(QString::fromLatin1(ds->GetDriver()->GetDescription()), driver);
        QCOMPARE(ds->GetLayerCount(), 1);
        OGRLayer *layer = ds->GetLayer(0);
        QCOMPARE(layer->GetFeatureCount(), GIntBig(m_labels.size()));
        const OGRSpatialReference *srs = layer->GetSpatialRef();
        QVERIFY(srs);
        if (sourceCrs) {
            OGRSpatialReference expected;
            QCOMPARE(expected.importFromWkt(m_dataset.sourceCrsWkt.c_str()), OGRERR_NONE);
            QVERIFY(srs->IsSame(&expected));
        } else {
            QCOMPARE(QString::fromLatin1(srs->GetAuthorityCode(nullptr)), QStringLiteral("4326"));
        }
        const OGRFeatureDefn *definition = layer->GetLayerDefn();
        for (const char *field :
             {"chip_id", "label", "source", "score", "strategy", "round", "labeled_at"})
            QVERIFY2(definition->GetFieldIndex(field) >= 0, field);
        QCOMPARE(definition->GetFieldDefn(definition->GetFieldIndex("score"))->GetType(), OFTReal);
        QCOMPARE(definition->GetFieldDefn(definition->GetFieldIndex("round"))->GetType(),
                 OFTInteger);

        std::map<std::string, const Label *> expected;
        for (const auto &label : m_labels)
            expected[label.chipId] = &label;
        size_t seen = 0;
        layer->ResetReading();
        for (OGRFeatureUniquePtr feature(layer->GetNextFeature()); feature;
             feature.reset(layer->GetNextFeature())) {
            const std::string id = feature->GetFieldAsString("chip_id");
            QVERIFY2(expected.count(id), id.c_str());
            const Label &label = *expected[id];
            ++seen;
            QCOMPARE(std::string(feature->GetFieldAsString("label")), labelValueName(label.value));
            QCOMPARE(std::string(feature->GetFieldAsString("source")),
                     labelSourceName(label.source));
            const int score = feature->GetFieldIndex("score");
            if (std::isnan(label.score)) {
                QVERIFY(!feature->IsFieldSetAndNotNull(score));
            } else {
                QVERIFY(feature->IsFieldSetAndNotNull(score));
                QCOMPARE(feature->GetFieldAsDouble(score), label.score);
            }
            const int strategy = feature->GetFieldIndex("strategy");
            if (label.strategy.empty())
                QVERIFY(!feature->IsFieldSetAndNotNull(strategy));
            else
                QCOMPARE(std::string(feature->GetFieldAsString(strategy)), label.strategy);
            QCOMPARE(feature->GetFieldAsInteger("round"), label.round);
            QCOMPARE(featureTime(*feature, feature->GetFieldIndex("labeled_at")),
                     isoOf(label.labeledAtMs));

            // Geometry: the chip's footprint in the requested CRS.
            const OGRGeometry *geometry = feature->GetGeometryRef();
            QVERIFY(geometry);
            QCOMPARE(wkbFlatten(geometry->getGeometryType()), wkbPolygon);
            const size_t chip = size_t(m_dataset.indexOf(id));
            std::unique_ptr<OGRGeometry> truth;
            if (sourceCrs) {
                truth = fromWkb(m_dataset.sourceWkb[chip]);
            } else {
                auto ring = std::make_unique<OGRLinearRing>();
                for (uint32_t k = m_dataset.ringOffsets[chip]; k < m_dataset.ringOffsets[chip + 1];
                     ++k)
                    ring->addPoint(m_dataset.ringCoords[k].lon, m_dataset.ringCoords[k].lat);
                auto polygon = std::make_unique<OGRPolygon>();
                polygon->addRingDirectly(ring.release());
                truth = std::move(polygon);
            }
            const double area = truth->toPolygon()->get_Area();
            QVERIFY(area > 0);
            std::unique_ptr<OGRGeometry> difference(geometry->SymDifference(truth.get()));
            QVERIFY(difference);
            const double mismatch = difference->IsEmpty()
                                        ? 0.0 // a polygon or a multipolygon: the C API takes both
                                        : OGR_G_Area(OGRGeometry::ToHandle(difference.get()));
            QVERIFY2(mismatch < area * 1e-4,
                     qPrintable(QStringLiteral("chip %1 footprint differs by %2 of its area")
                                    .arg(QString::fromStdString(id))
                                    .arg(mismatch / area)));
            OGREnvelope envelope;
            geometry->getEnvelope(&envelope);
            if (!sourceCrs) {
                const BoundingBox &box = m_dataset.bounds[chip];
                QVERIFY(std::abs(envelope.MinX - box.minLon) < 1e-6);
                QVERIFY(std::abs(envelope.MaxY - box.maxLat) < 1e-6);
            } else {
                QVERIFY(envelope.MinX > 100000 && envelope.MaxX < 900000); // UTM metres
            }
        }
        QCOMPARE(seen, m_labels.size());
        ds.reset();

        QString output;
        QVERIFY2(runOgrinfo(path, &output), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("Feature Count: %1").arg(m_labels.size())),
                 qPrintable(output));
    }

    void geojsonIsRfc7946()
    {
        const QString path = file("rfc7946.geojson");
        LabelExporter(m_dataset).write(path.toStdString(), m_labels);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(f.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = document.object();
        QCOMPARE(root.value("type").toString(), QStringLiteral("FeatureCollection"));
        QVERIFY(!root.contains("crs"));
        const QJsonArray features = root.value("features").toArray();
        QCOMPARE(features.size(), qsizetype(m_labels.size()));
        // The source rings run clockwise (raster corner order): the export must flip them.
        const size_t firstChip = size_t(m_dataset.indexOf(m_labels[0].chipId));
        double sourceTwice = 0.0;
        for (uint32_t k = m_dataset.ringOffsets[firstChip];
             k + 1 < m_dataset.ringOffsets[firstChip + 1]; ++k)
            sourceTwice += m_dataset.ringCoords[k].lon * m_dataset.ringCoords[k + 1].lat -
                           m_dataset.ringCoords[k + 1].lon * m_dataset.ringCoords[k].lat;
        QVERIFY(sourceTwice < 0);
        for (int i = 0; i < features.size(); ++i) {
            const QJsonObject feature = features[i].toObject();
            QCOMPARE(feature.value("type").toString(), QStringLiteral("Feature"));
            const QJsonObject geometry = feature.value("geometry").toObject();
            QCOMPARE(geometry.value("type").toString(), QStringLiteral("Polygon"));
            const QJsonArray rings = geometry.value("coordinates").toArray();
            QCOMPARE(rings.size(), qsizetype(1));
            const QJsonArray outer = rings[0].toArray();
            QVERIFY(outer.size() >= 4);
            QCOMPARE(outer.first().toArray(), outer.last().toArray());
            for (const auto &point : outer) {
                const QJsonArray xy = point.toArray();
                QCOMPARE(xy.size(), qsizetype(2));
                const double lon = xy[0].toDouble(), lat = xy[1].toDouble();
                QVERIFY(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90);
                // The scene is in North Dakota: lon/lat order, not lat/lon.
                QVERIFY(lon > -100 && lon < -98 && lat > 46 && lat < 48);
            }
            QVERIFY2(signedArea(outer) > 0, "outer ring is not counter-clockwise");

            const QJsonObject properties = feature.value("properties").toObject();
            const std::string id = properties.value("chip_id").toString().toStdString();
            const auto label = std::find_if(m_labels.begin(), m_labels.end(),
                                            [&](const Label &l) { return l.chipId == id; });
            QVERIFY(label != m_labels.end());
            QCOMPARE(properties.value("label").toString().toStdString(),
                     labelValueName(label->value));
            QCOMPARE(properties.value("source").toString().toStdString(),
                     labelSourceName(label->source));
            if (std::isnan(label->score))
                QVERIFY(properties.value("score").isNull());
            else
                QCOMPARE(properties.value("score").toDouble(), label->score);
            QVERIFY(properties.value("round").isDouble());
            QCOMPARE(properties.value("round").toInt(), label->round);
            // ISO 8601 UTC; GDAL leaves out ".000" when the milliseconds are zero.
            const QString at = properties.value("labeled_at").toString();
            QVERIFY2(at.endsWith('Z'), qPrintable(at));
            QCOMPARE(msFromIsoUtc(at.toStdString()).value_or(-1), label->labeledAtMs);
        }
    }

    void exportRefusesUnknownChipsBeforeWriting()
    {
        const QString path = file("unknown-chip.geojson");
        std::vector<Label> labels = m_labels;
        labels[5].chipId = "naip-99-99";
        try {
            LabelExporter(m_dataset).write(path.toStdString(), labels);
            QFAIL("exported a label without footprint");
        } catch (const DataError &e) {
            QCOMPARE(e.row().value(), 5);
            QCOMPARE(e.field(), std::string("chip_id"));
        }
        QVERIFY(!QFile::exists(path));
        QVERIFY_THROWS_EXCEPTION(
            DataError, LabelExporter(m_dataset).write(file("x.shp").toStdString(), m_labels));
    }

    void exportReplacesOnlyWhenComplete()
    {
        const QString path = file("replace.geojson");
        LabelExporter exporter(m_dataset);
        const std::vector<Label> two(m_labels.begin(), m_labels.begin() + 2);
        exporter.write(path.toStdString(), two);
        exporter.write(path.toStdString(), m_labels); // replaces
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR));
        QVERIFY(ds);
        QCOMPARE(ds->GetLayer(0)->GetFeatureCount(), GIntBig(m_labels.size()));
        ds.reset();
        // A canceled export leaves the previous file as it was and no temporary.
        Feedback feedback;
        feedback.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError,
                                 exporter.write(path.toStdString(), two, {}, &feedback));
        ds.reset(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR));
        QCOMPARE(ds->GetLayer(0)->GetFeatureCount(), GIntBig(m_labels.size()));
        QCOMPARE(QDir(m_dir.path()).entryList({"*.partial-*"}, QDir::Files), QStringList());
    }

    // Export → import gives the same labels: by chip id, and also as polygons (each exported
    // footprint covers its own chip fully and its neighbours not at all).
    void importRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("polygons");
        QTest::addColumn<bool>("sourceCrs");
        QTest::newRow("geojson ids") << "roundtrip.geojson" << false << false;
        QTest::newRow("gpkg ids") << "roundtrip.gpkg" << false << false;
        QTest::newRow("fgb ids") << "roundtrip.fgb" << false << false;
        QTest::newRow("geojson polygons") << "roundtrip-areas.geojson" << true << false;
        QTest::newRow("gpkg utm polygons") << "roundtrip-areas.gpkg" << true << true;
    }
    void importRoundTrip()
    {
        QFETCH(QString, name);
        QFETCH(bool, polygons);
        QFETCH(bool, sourceCrs);
        const std::string path = file(name).toStdString();
        LabelExportOptions exportOptions;
        if (sourceCrs)
            exportOptions.crs = LabelExportOptions::Crs::SourceCrs;
        LabelExporter(m_dataset).write(path, m_labels, exportOptions);
        LabelImportOptions options;
        if (polygons) {
            options.mode = LabelImportOptions::Mode::Polygons;
            options.minCoverage = 0.95;
        }
        options.round = 4;
        options.labeledAtMs = 1763999999000;
        const auto changes = LabelImporter(m_dataset).read(path, options);
        QCOMPARE(changes.size(), m_labels.size());
        std::map<std::string, LabelValue> expected;
        for (const auto &label : m_labels)
            expected[label.chipId] = label.value;
        int64_t previous = -1;
        for (const auto &change : changes) {
            QVERIFY(change.label);
            QCOMPARE(change.label->chipId, change.chipId);
            QVERIFY(expected.count(change.chipId));
            QCOMPARE(change.label->value, expected[change.chipId]);
            QCOMPARE(change.label->chip, m_dataset.indexOf(change.chipId));
            QVERIFY(change.label->chip > previous); // dataset row order
            previous = change.label->chip;
            QCOMPARE(change.label->source, LabelSource::Imported);
            QCOMPARE(change.label->round, 4);
            QCOMPARE(change.label->labeledAtMs, int64_t(1763999999000));
        }
    }

    void importBadRows_data()
    {
        QTest::addColumn<QByteArray>("properties"); // one JSON properties object per line
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown chip")
            << QByteArray("{\"chip_id\":\"naip-0-0\",\"label\":\"positive\"}\n"
                          "{\"chip_id\":\"naip-77-1\",\"label\":\"positive\"}")
            << 1 << "chip_id"
            << "no chip 'naip-77-1'";
        QTest::newRow("bad label")
            << QByteArray("{\"chip_id\":\"naip-0-0\",\"label\":\"positive\"}\n"
                          "{\"chip_id\":\"naip-0-1\",\"label\":\"NEG\"}\n"
                          "{\"chip_id\":\"naip-0-2\",\"label\":\"maybe\"}")
            << 2 << "label"
            << "unknown label 'maybe'";
        QTest::newRow("empty label")
            << QByteArray("{\"chip_id\":\"naip-0-0\",\"label\":null}") << 0 << "label"
            << "label is empty";
        QTest::newRow("empty chip id")
            << QByteArray("{\"chip_id\":\"naip-0-0\",\"label\":\"yes\"}\n"
                          "{\"chip_id\":null,\"label\":\"no\"}")
            << 1 << "chip_id"
            << "chip id is empty";
        QTest::newRow("conflict") << QByteArray(
                                         "{\"chip_id\":\"naip-2-3\",\"label\":\"positive\"}\n"
                                         "{\"chip_id\":\"naip-2-3\",\"label\":\"positive\"}\n"
                                         "{\"chip_id\":\"naip-2-3\",\"label\":\"negative\"}")
                                  << 2 << "label"
                                  << "labeled positive in row 0";
    }
    void importBadRows()
    {
        QFETCH(QByteArray, properties);
        QFETCH(int, row);
        QFETCH(QString, field);
        QFETCH(QString, problem);
        QByteArray json = "{\"type\":\"FeatureCollection\",\"features\":[";
        const auto lines = properties.split('\n');
        for (int i = 0; i < lines.size(); ++i)
            json += (i ? "," : "") +
                    QByteArray("{\"type\":\"Feature\",\"geometry\":null,"
                               "\"properties\":") +
                    lines[i] + "}";
        json += "]}";
        const QString name = QStringLiteral("bad-%1.geojson").arg(QTest::currentDataTag());
        writeText(name, json);
        try {
            LabelImporter(m_dataset).read(file(name).toStdString());
            QFAIL("imported a bad file");
        } catch (const DataError &e) {
            QCOMPARE(QString::fromStdString(e.file()), file(name));
            QCOMPARE(e.row().value_or(-1), int64_t(row));
            QCOMPARE(QString::fromStdString(e.field()), field);
            QVERIFY2(QString::fromStdString(e.what()).contains(problem), e.what());
        }
    }

    void importChipIdsOptions()
    {
        writeText(
            "ids.geojson",
            "{\"type\":\"FeatureCollection\",\"features\":["
            "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"id\":\"naip-1-1\"}},"
            "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"id\":\"elsewhere\"}},"
            "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"id\":\"naip-0-5\"}}]}");
        LabelImportOptions options;
        options.chipIdField = "id";
        options.fixedLabel = LabelValue::Negative;
        options.skipUnknownChips = true;
        const auto changes =
            LabelImporter(m_dataset).read(file("ids.geojson").toStdString(), options);
        QCOMPARE(changes.size(), size_t(2));
        QCOMPARE(changes[0].chipId, std::string("naip-0-5"));
        QCOMPARE(changes[1].chipId, std::string("naip-1-1"));
        QCOMPARE(changes[1].label->value, LabelValue::Negative);
        QVERIFY(changes[1].label->labeledAtMs > 1763000000000); // now
        // Without a label column or a fixed label it is an error naming the field.
        options.fixedLabel.reset();
        try {
            LabelImporter(m_dataset).read(file("ids.geojson").toStdString(), options);
            QFAIL("imported without labels");
        } catch (const DataError &e) {
            QCOMPARE(e.field(), std::string("label"));
        }
        QVERIFY_THROWS_EXCEPTION(
            DataError, LabelImporter(m_dataset).read(file("missing.geojson").toStdString()));
    }

    // Polygons (areas drawn or mapped elsewhere, in WGS 84) label the chips they cover by at
    // least minCoverage of the chip's area; positive and negative both qualifying: the larger
    // covered fraction wins.
    void importPolygons_data()
    {
        QTest::addColumn<double>("minCoverage");
        QTest::addColumn<QString>("fixed"); // "" = from the label property
        QTest::addColumn<QString>("expected");
        QTest::newRow("half") << 0.5 << ""
                              << "naip-1-1=positive naip-1-2=positive naip-5-5=negative "
                                 "naip-7-7=positive";
        QTest::newRow("30 %") << 0.3 << ""
                              << "naip-1-1=positive naip-1-2=positive naip-3-3=positive "
                                 "naip-5-5=negative naip-7-7=positive";
        QTest::newRow("20 %") << 0.2 << ""
                              << "naip-1-1=positive naip-1-2=positive naip-3-3=positive "
                                 "naip-5-5=negative naip-5-6=negative naip-7-7=positive";
        QTest::newRow("all of it") << 0.99 << ""
                                   << "naip-1-1=positive naip-1-2=positive naip-5-5=negative";
        QTest::newRow("fixed negative") << 0.5 << "negative"
                                        << "naip-1-1=negative naip-1-2=negative "
                                           "naip-5-5=negative naip-7-7=negative";
    }
    void importPolygons()
    {
        QFETCH(double, minCoverage);
        QFETCH(QString, fixed);
        QFETCH(QString, expected);
        const OGREnvelope a = chipBox(m_dataset, "naip-1-1"), b = chipBox(m_dataset, "naip-1-2");
        const OGREnvelope c = chipBox(m_dataset, "naip-3-3");
        const OGREnvelope d = chipBox(m_dataset, "naip-5-5"), e = chipBox(m_dataset, "naip-5-6");
        const OGREnvelope f = chipBox(m_dataset, "naip-7-7");
        const double w = c.MaxX - c.MinX;
        const std::vector<TestPolygon> polygons{
            // Two whole chips (and 1 m of their neighbours).
            {a.MinX - 1, a.MinY - 1, b.MaxX + 1, b.MaxY + 1, "positive"},
            // 40 % of a chip.
            {c.MinX, c.MinY, c.MinX + 0.4 * w, c.MaxY, "Positive"},
            // One chip and 25 % of the next.
            {d.MinX, d.MinY, e.MinX + 0.25 * w, e.MaxY, "negative"},
            // 60 % positive and 40 % negative of the same chip.
            {f.MinX, f.MinY, f.MinX + 0.6 * w, f.MaxY, "1"},
            {f.MinX + 0.6 * w, f.MinY, f.MaxX, f.MaxY, "0"},
        };
        const std::string path =
            file(QStringLiteral("areas-%1.geojson").arg(QTest::currentDataTag())).toStdString();
        QVERIFY(writePolygons(path, m_dataset, polygons));
        LabelImportOptions options;
        options.minCoverage = minCoverage;
        if (!fixed.isEmpty())
            options.fixedLabel = LabelImporter::parseLabelValue(fixed.toStdString());
        const auto changes = LabelImporter(m_dataset).read(path, options);
        QCOMPARE(describeChanges(changes), expected);
        for (const auto &change : changes)
            QCOMPARE(change.label->source, LabelSource::Imported);
    }

    // Canceling the caller's feedback stops the coverage computation nested inside the import.
    void importPolygonsCancel()
    {
        const OGREnvelope a = chipBox(m_dataset, "naip-1-1"), b = chipBox(m_dataset, "naip-7-7");
        const std::vector<TestPolygon> polygons{{a.MinX, a.MinY, b.MaxX, b.MaxY, "positive"}};
        const std::string path = file(QStringLiteral("cancel.geojson")).toStdString();
        QVERIFY(writePolygons(path, m_dataset, polygons));
        double canceledAt = -1.0;
        double last = 0.0;
        Feedback feedback;
        feedback.setCallback([&](double fraction) {
            last = fraction;
            if (fraction > 0.3 && canceledAt < 0) {
                canceledAt = fraction;
                feedback.cancel(); // the user presses Cancel once the nested step runs
            }
        });
        QVERIFY_THROWS_EXCEPTION(CanceledError, LabelImporter(m_dataset).read(path, {}, &feedback));
        QVERIFY(canceledAt > 0.3);
        QVERIFY2(last < 1.0, "the import ran to the end after Cancel");
    }

    void importPolygonsBadRows()
    {
        const OGREnvelope a = chipBox(m_dataset, "naip-1-1");
        const std::string path = file("areas-bad.geojson").toStdString();
        QVERIFY(writePolygons(path, m_dataset,
                              {{a.MinX, a.MinY, a.MaxX, a.MaxY, "positive"},
                               {a.MinX, a.MinY, a.MaxX, a.MaxY, "negative"},
                               {a.MinX + 5, a.MinY + 5, 0, 0, "positive", true}}));
        try {
            LabelImporter(m_dataset).read(path);
            QFAIL("imported a point as an area");
        } catch (const DataError &e) {
            QCOMPARE(e.row().value_or(-1), int64_t(2));
            QCOMPARE(e.field(), std::string("geometry"));
        }
        const std::string unlabeled = file("areas-unlabeled.geojson").toStdString();
        QVERIFY(writePolygons(unlabeled, m_dataset,
                              {{a.MinX, a.MinY, a.MaxX, a.MaxY, "positive"},
                               {a.MinX, a.MinY, a.MaxX, a.MaxY, "perhaps"}}));
        try {
            LabelImporter(m_dataset).read(unlabeled);
            QFAIL("imported an unknown label");
        } catch (const DataError &e) {
            QCOMPARE(e.row().value_or(-1), int64_t(1));
            QCOMPARE(e.field(), std::string("label"));
        }
        LabelImportOptions options;
        options.minCoverage = 0.0;
        QVERIFY_THROWS_EXCEPTION(UsageError, LabelImporter(m_dataset).read(path, options));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
