// Data as users have it (issue 13), in crafted files: points that become square chips, AlphaEarth
// style runs of numeric columns in every vector format, float16/float64 blobs detected (or refused
// when ambiguous), unusable rows skipped with a report (or refused with strict), projected
// coordinates without a CRS refused unless one is given, .npy with a raster refused, signed 8-bit
// embedding rasters read as signed with nodata honoured and AlphaEarth's de-quantisation.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "dataset/npyfile.h"

#include <Eigen/Core>
#include <ogrsf_frmts.h>

#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace chipfinder;
using namespace chipfinder::test;

namespace {

// A new vector file with one layer; the caller adds fields and features.
struct VectorFile
{
    GDALDatasetUniquePtr dataset;
    OGRLayer *layer = nullptr;

    VectorFile(const std::string &path, const char *driverName, int epsg, OGRwkbGeometryType type,
               char **layerOptions = nullptr)
    {
        GDALAllRegister();
        GDALDriver *driver = GetGDALDriverManager()->GetDriverByName(driverName);
        driver->Delete(path.c_str());
        std::filesystem::remove(path);
        dataset.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReference srs;
        if (epsg > 0) {
            srs.importFromEPSG(epsg);
            srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        }
        layer = dataset->CreateLayer("chips", epsg > 0 ? &srs : nullptr, type, layerOptions);
    }
    void field(const char *name, OGRFieldType type)
    {
        OGRFieldDefn definition(name, type);
        QVERIFY(layer->CreateField(&definition) == OGRERR_NONE);
    }
};

void setWkt(OGRFeature &feature, const std::string &wkt)
{
    if (wkt.empty())
        return;
    OGRGeometry *geometry = nullptr;
    OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry);
    feature.SetGeometryDirectly(geometry);
}

std::vector<float> vectorOf(int i, int dim)
{
    std::vector<float> v(static_cast<size_t>(dim));
    for (int j = 0; j < dim; ++j)
        v[size_t(j)] = 0.1f * float(i + 1) + 0.01f * float(j) - 0.2f;
    return v;
}

// Ground metres per degree of longitude / latitude on WGS 84 at `lat`.
std::array<double, 2> metresPerDegree(double lat)
{
    const double a = 6378137.0, f = 1.0 / 298.257223563, e2 = f * (2.0 - f);
    const double s = std::sin(lat * M_PI / 180.0), w = 1.0 - e2 * s * s;
    return {M_PI / 180.0 * a * std::cos(lat * M_PI / 180.0) / std::sqrt(w),
            M_PI / 180.0 * a * (1.0 - e2) / (w * std::sqrt(w))};
}

// Width and height of chip i on the ground (metres), from its lon/lat bounds.
std::array<double, 2> groundSize(const Dataset &dataset, size_t i)
{
    const BoundingBox &b = dataset.bounds[i];
    const auto perDegree = metresPerDegree((b.minLat + b.maxLat) / 2.0);
    return {(b.maxLon - b.minLon) * perDegree[0], (b.maxLat - b.minLat) * perDegree[1]};
}

QString messageOf(const std::function<void()> &open)
{
    try {
        open();
    } catch (const DataError &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestUserLayouts : public QObject
{
    Q_OBJECT

    std::string m_dir;

    // Earth Index style points: id, point geometry, embedding (blob in GPKG, list in GeoJSON);
    // `epsg` 4326 or a UTM zone.
    void writePoints(const std::string &path, const char *driver, int epsg, int n,
                     const char *chipSizeMetadata = nullptr)
    {
        VectorFile file(path, driver, epsg, wkbPoint);
        const bool gpkg = std::string(driver) == "GPKG";
        file.field("id", OFTString);
        file.field("embedding", gpkg ? OFTBinary : OFTRealList);
        if (chipSizeMetadata)
            file.layer->SetMetadataItem("chip_size_m", chipSizeMetadata);
        for (int i = 0; i < n; ++i) {
            OGRFeature feature(file.layer->GetLayerDefn());
            feature.SetField(0, ("pt-" + std::to_string(i)).c_str());
            const auto v = vectorOf(i, 8);
            if (gpkg) {
                feature.SetField(1, int(v.size() * 4), v.data());
            } else {
                const std::vector<double> d(v.begin(), v.end());
                feature.SetField(1, int(d.size()), d.data());
            }
            const double x = epsg == 4326 ? -99.5 + 0.01 * i : 500000.0 + 1000.0 * i;
            const double y = epsg == 4326 ? 47.2 : 5230000.0;
            setWkt(feature, "POINT (" + std::to_string(x) + " " + std::to_string(y) + ")");
            QVERIFY(file.layer->CreateFeature(&feature) == OGRERR_NONE);
        }
    }

private slots:
    void initTestCase() { m_dir = scratchDir("tst_userlayouts"); }

    void pointsBecomeSquareChips_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addColumn<int>("epsg");
        QTest::newRow("GeoPackage lon/lat") << "GPKG" << 4326;
        QTest::newRow("GeoPackage UTM") << "GPKG" << 32614;
        QTest::newRow("GeoJSON") << "GeoJSON" << 4326;
    }
    void pointsBecomeSquareChips()
    {
        QFETCH(QString, driver);
        QFETCH(int, epsg);
        const std::string path =
            m_dir + "/points-" + std::to_string(epsg) + (driver == "GPKG" ? ".gpkg" : ".geojson");
        writePoints(path, driver.toUtf8().constData(), epsg, 5);

        // Without a size: a clear error saying to give one.
        const QString message = messageOf([&] { openDataset(path); });
        QVERIFY2(message.contains("is a Point and no chip size is given"), qPrintable(message));
        QVERIFY2(message.contains("--chip-size-m"), qPrintable(message));

        DatasetOpenOptions options;
        options.chipSizeMeters = 320.0;
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.size(), size_t(5));
        QCOMPARE(dataset.dim(), size_t(8));
        QCOMPARE(dataset.pointChipSizeMeters, 320.0);
        for (size_t i = 0; i < dataset.size(); ++i) {
            const auto size = groundSize(dataset, i);
            QVERIFY2(std::abs(size[0] - 320.0) < 3.0 && std::abs(size[1] - 320.0) < 3.0,
                     qPrintable(QStringLiteral("%1 × %2 m").arg(size[0]).arg(size[1])));
            QCOMPARE(dataset.ringOffsets[i + 1] - dataset.ringOffsets[i], 5u);
        }
        // Exported as squares: polygons in the source CRS, centred on the points.
        const std::string out = m_dir + "/points-out-" + std::to_string(epsg) + ".gpkg";
        writeDataset(dataset, out);
        GDALDatasetUniquePtr written(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        QVERIFY(written);
        OGRLayer *layer = written->GetLayer(0);
        QCOMPARE(wkbFlatten(layer->GetGeomType()), wkbPolygon);
        OGRFeatureUniquePtr first(layer->GetNextFeature());
        OGREnvelope envelope;
        first->GetGeometryRef()->getEnvelope(&envelope);
        const double x = epsg == 4326 ? -99.5 : 500000.0, y = epsg == 4326 ? 47.2 : 5230000.0;
        QVERIFY(std::abs((envelope.MinX + envelope.MaxX) / 2.0 - x) < 1e-6 * std::abs(x));
        QVERIFY(std::abs((envelope.MinY + envelope.MaxY) / 2.0 - y) < 1e-6 * std::abs(y));
        if (epsg != 4326)
            QVERIFY(std::abs(envelope.MaxX - envelope.MinX - 320.0 / 0.9996) < 1.0);
    }

    // The chip size from the layer's metadata (chip_size_m); the option overrides it.
    void pointChipSizeFromMetadata()
    {
        const std::string path = m_dir + "/points-metadata.gpkg";
        writePoints(path, "GPKG", 4326, 3, "50");
        DatasetOpenOptions options;
        options.blobType = "f32"; // three 8-d blobs are too few to tell float16 from float32
        Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.pointChipSizeMeters, 50.0);
        QVERIFY(std::abs(groundSize(dataset, 0)[0] - 50.0) < 1.0);
        options.chipSizeMeters = 100.0;
        dataset = openDataset(path, options);
        QVERIFY(std::abs(groundSize(dataset, 0)[1] - 100.0) < 1.0);
    }

    // A00…A63 as Earth Engine exports AlphaEarth, and emb_0… created out of order, in every
    // vector format: the embedding in index order, the columns not attributes.
    void columnRuns_data()
    {
        QTest::addColumn<QString>("driver");
        QTest::addColumn<QString>("extension");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("GeoPackage A00") << "GPKG"
                                        << "gpkg"
                                        << "A";
        QTest::newRow("GeoJSON A00") << "GeoJSON"
                                     << "geojson"
                                     << "A";
        QTest::newRow("FlatGeobuf A00") << "FlatGeobuf"
                                        << "fgb"
                                        << "A";
        QTest::newRow("Shapefile A00") << "ESRI Shapefile"
                                       << "shp"
                                       << "A";
        QTest::newRow("GeoPackage emb_") << "GPKG"
                                         << "gpkg"
                                         << "emb_";
        QTest::newRow("Shapefile emb_") << "ESRI Shapefile"
                                        << "shp"
                                        << "emb_";
    }
    void columnRuns()
    {
        QFETCH(QString, driver);
        QFETCH(QString, extension);
        QFETCH(QString, prefix);
        const int dim = prefix == "A" ? 64 : 6;
        const std::string path =
            m_dir + "/run-" + prefix.toStdString() + "." + extension.toStdString();
        {
            VectorFile file(path, driver.toUtf8().constData(), 4326, wkbPolygon);
            file.field("id", OFTString);
            file.field("year", OFTInteger);
            std::vector<int> order(static_cast<size_t>(dim));
            for (int j = 0; j < dim; ++j)
                order[size_t(j)] = prefix == "A" ? j : (j * 5 + 3) % dim; // emb_3, emb_2, ...
            for (const int j : order) {
                char name[16];
                std::snprintf(name, sizeof name, prefix == "A" ? "A%02d" : "emb_%d", j);
                file.field(name, OFTReal);
            }
            for (int i = 0; i < 4; ++i) {
                OGRFeature feature(file.layer->GetLayerDefn());
                feature.SetField("id", ("c" + std::to_string(i)).c_str());
                feature.SetField("year", 2024);
                const auto v = vectorOf(i, dim);
                for (int j = 0; j < dim; ++j) {
                    char name[16];
                    std::snprintf(name, sizeof name, prefix == "A" ? "A%02d" : "emb_%d", j);
                    feature.SetField(name, double(v[size_t(j)]));
                }
                const double x = -99.5 + 0.01 * i;
                setWkt(feature, "POLYGON ((" + std::to_string(x) + " 47.2," +
                                    std::to_string(x + 0.01) + " 47.2," + std::to_string(x + 0.01) +
                                    " 47.21," + std::to_string(x) + " 47.21," + std::to_string(x) +
                                    " 47.2))");
                QVERIFY(file.layer->CreateFeature(&feature) == OGRERR_NONE);
            }
        }
        const Dataset dataset = openDataset(path);
        QCOMPARE(dataset.size(), size_t(4));
        QCOMPARE(dataset.dim(), size_t(dim));
        for (int i = 0; i < 4; ++i) { // FlatGeobuf keeps features in its spatial index's order
            const int64_t chip = dataset.indexOf("c" + std::to_string(i));
            QVERIFY(chip >= 0);
            const auto v = vectorOf(i, dim);
            for (int j = 0; j < dim; ++j)
                QCOMPARE(dataset.embeddings.row(size_t(chip))[size_t(j)], v[size_t(j)]);
        }
        QCOMPARE(dataset.attributes.size(), size_t(1)); // year
        QCOMPARE(dataset.attributes[0].name, std::string("year"));
        QVERIFY2(QString::fromStdString(dataset.embeddingSource).contains(QString::fromUtf8("…")),
                 dataset.embeddingSource.c_str());
        // Named as a prefix run.
        DatasetOpenOptions options;
        options.embeddingColumn = prefix.toStdString() + "*";
        QCOMPARE(openDataset(path, options).dim(), size_t(dim));
    }

    // Blobs of float16 / float32 / float64 are detected from their content; float32 values whose
    // halves also read as plausible float16 are refused as ambiguous unless the type is given.
    void blobElementTypes_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("dim");
        QTest::newRow("float16") << "f16" << 48;
        QTest::newRow("float32") << "f32" << 48;
        QTest::newRow("float64") << "f64" << 48;
    }
    void blobElementTypes()
    {
        QFETCH(QString, type);
        QFETCH(int, dim);
        const std::string path = m_dir + "/blob-" + type.toStdString() + ".gpkg";
        std::mt19937 random(7);
        std::normal_distribution<float> normal(0.0f, 0.2f);
        std::vector<std::vector<float>> expected;
        {
            VectorFile file(path, "GPKG", 4326, wkbPolygon);
            file.field("id", OFTString);
            file.field("embedding", OFTBinary);
            for (int i = 0; i < 20; ++i) {
                std::vector<float> v(static_cast<size_t>(dim));
                for (auto &x : v)
                    x = normal(random);
                std::vector<uint8_t> bytes;
                if (type == "f16") {
                    for (auto &x : v) {
                        const Eigen::half h(x);
                        x = float(h);
                        const auto bits = Eigen::numext::bit_cast<uint16_t>(h);
                        bytes.insert(bytes.end(), {uint8_t(bits & 0xff), uint8_t(bits >> 8)});
                    }
                } else if (type == "f32") {
                    bytes.resize(v.size() * 4);
                    std::memcpy(bytes.data(), v.data(), bytes.size());
                } else {
                    const std::vector<double> d(v.begin(), v.end());
                    bytes.resize(d.size() * 8);
                    std::memcpy(bytes.data(), d.data(), bytes.size());
                }
                expected.push_back(v);
                OGRFeature feature(file.layer->GetLayerDefn());
                feature.SetField(0, ("b" + std::to_string(i)).c_str());
                feature.SetField(1, int(bytes.size()), bytes.data());
                const double x = -99.5 + 0.01 * i;
                setWkt(feature, "POLYGON ((" + std::to_string(x) + " 47.2," +
                                    std::to_string(x + 0.01) + " 47.2," + std::to_string(x + 0.01) +
                                    " 47.21," + std::to_string(x) + " 47.2))");
                QVERIFY(file.layer->CreateFeature(&feature) == OGRERR_NONE);
            }
        }
        const Dataset dataset = openDataset(path);
        QCOMPARE(dataset.dim(), size_t(dim));
        for (size_t i = 0; i < expected.size(); ++i)
            for (size_t j = 0; j < size_t(dim); ++j)
                QCOMPARE(dataset.embeddings.row(i)[j], expected[i][j]);
        const std::string name = type == "f16" ? "float16" : type == "f32" ? "float32" : "float64";
        QCOMPARE(dataset.blobElementType, name);
        DatasetOpenOptions options;
        options.blobType = type.toStdString();
        QCOMPARE(openDataset(path, options).dim(), size_t(dim));
    }

    void ambiguousBlobIsRefused()
    {
        const std::string path = m_dir + "/blob-ambiguous.gpkg";
        {
            VectorFile file(path, "GPKG", 4326, wkbPolygon);
            file.field("embedding", OFTBinary);
            for (int i = 0; i < 3; ++i) {
                // Small integers as float32: the low halves are zero, the high halves read as
                // float16 are plausible numbers too.
                const float v[4] = {1.0f + float(i), 2.0f, 0.5f, -1.0f};
                OGRFeature feature(file.layer->GetLayerDefn());
                feature.SetField(0, int(sizeof v), v);
                setWkt(feature, "POLYGON ((0 0,1 0,1 1,0 0))");
                QVERIFY(file.layer->CreateFeature(&feature) == OGRERR_NONE);
            }
        }
        const QString message = messageOf([&] { openDataset(path); });
        QVERIFY2(message.contains("ambiguous") && message.contains("--blob-type"),
                 qPrintable(message));
        DatasetOpenOptions options;
        options.blobType = "f32";
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.dim(), size_t(4));
        QCOMPARE(dataset.embeddings.row(2)[0], 3.0f);
    }

    // Unusable rows are skipped and reported (how many, why, the first ids); strict refuses them;
    // a duplicate id stays an error naming both rows.
    void unusableRowsAreSkipped()
    {
        const std::string path = m_dir + "/unusable.gpkg";
        auto write = [&](bool duplicate) {
            VectorFile file(path, "GPKG", 4326, wkbUnknown);
            file.field("id", OFTString);
            file.field("embedding", OFTBinary);
            for (int i = 0; i < 10; ++i) {
                OGRFeature feature(file.layer->GetLayerDefn());
                std::string id = "chip-" + std::to_string(i);
                if (duplicate && i == 6)
                    id = "chip-1";
                auto v = vectorOf(i, 4);
                if (i == 2)
                    v[1] = std::numeric_limits<float>::quiet_NaN();
                if (i == 3)
                    v.assign(4, 0.0f);
                if (i != 7)
                    feature.SetField(0, id.c_str());
                if (i != 5)
                    feature.SetField(1, int(v.size() * 4), v.data());
                const double x = -99.5 + 0.01 * i;
                if (i == 8)
                    setWkt(feature, "LINESTRING (0 0, 1 1)");
                else if (i != 4)
                    setWkt(feature, "POLYGON ((" + std::to_string(x) + " 47.2," +
                                        std::to_string(x + 0.01) + " 47.2," +
                                        std::to_string(x + 0.01) + " 47.21," + std::to_string(x) +
                                        " 47.2))");
                QVERIFY(file.layer->CreateFeature(&feature) == OGRERR_NONE);
            }
        };
        write(false);
        const Dataset dataset = openDataset(path);
        QCOMPARE(dataset.size(), size_t(4)); // rows 0, 1, 6, 9
        QCOMPARE(dataset.ids, (std::vector<std::string>{"chip-0", "chip-1", "chip-6", "chip-9"}));
        QCOMPARE(dataset.embeddings.row(2)[0], vectorOf(6, 4)[0]);
        const SkipReport &skipped = dataset.skipped;
        QCOMPARE(skipped.count, size_t(6));
        QCOMPARE(skipped.byKind.at("NaN/Inf embedding"), size_t(1));
        QCOMPARE(skipped.byKind.at("zero embedding"), size_t(1));
        QCOMPARE(skipped.byKind.at("null geometry"), size_t(1));
        QCOMPARE(skipped.byKind.at("null embedding"), size_t(1));
        QCOMPARE(skipped.byKind.at("null id"), size_t(1));
        QCOMPARE(skipped.byKind.at("bad geometry"), size_t(1));
        QCOMPARE(skipped.first.size(), SkipReport::kListed);
        QCOMPARE(skipped.first[0].row, int64_t(2));
        QCOMPARE(skipped.first[0].id, std::string("chip-2"));
        const QString summary = QString::fromStdString(skipped.summary());
        QVERIFY2(summary.startsWith("6 rows skipped") && summary.contains("row 2 (id 'chip-2')") &&
                     summary.contains("position 1 is NaN"),
                 qPrintable(summary));

        DatasetOpenOptions strict;
        strict.strict = true;
        try {
            openDataset(path, strict);
            QFAIL("strict accepted a NaN");
        } catch (const DataError &error) {
            QCOMPARE(error.row().value_or(-1), int64_t(2));
            QCOMPARE(error.field(), std::string("embedding"));
        }

        write(true);
        const QString message = messageOf([&] { openDataset(path); });
        QVERIFY2(message.contains("'chip-1' is used twice, in rows 1 and 6"), qPrintable(message));
    }

    // Footprints + .npy: a NaN row of the matrix is skipped with its footprint, the rest stay
    // paired.
    void npyRowsAreSkippedWithTheirFootprints()
    {
        const std::string path = m_dir + "/npy-footprints.gpkg";
        {
            VectorFile file(path, "GPKG", 4326, wkbPolygon);
            file.field("id", OFTString);
            for (int i = 0; i < 5; ++i) {
                OGRFeature feature(file.layer->GetLayerDefn());
                feature.SetField(0, ("n" + std::to_string(i)).c_str());
                const double x = -99.5 + 0.01 * i;
                setWkt(feature, "POLYGON ((" + std::to_string(x) + " 47.2," +
                                    std::to_string(x + 0.01) + " 47.2," + std::to_string(x + 0.01) +
                                    " 47.21," + std::to_string(x) + " 47.2))");
                QVERIFY(file.layer->CreateFeature(&feature) == OGRERR_NONE);
            }
        }
        FloatBuffer values;
        for (int i = 0; i < 5; ++i)
            for (float v : vectorOf(i, 3))
                values.push_back(i == 1 ? std::numeric_limits<float>::quiet_NaN() : v);
        const std::string npy = m_dir + "/npy-embeddings.npy";
        writeNpy(npy, EmbeddingMatrix(5, 3, std::move(values)));
        DatasetOpenOptions options;
        options.npyPath = npy;
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.ids, (std::vector<std::string>{"n0", "n2", "n3", "n4"}));
        QCOMPARE(dataset.embeddings.row(1)[0], vectorOf(2, 3)[0]);
        QCOMPARE(dataset.ringOffsets.size(), size_t(5));
        QCOMPARE(dataset.skipped.count, size_t(1));
        QCOMPARE(dataset.skipped.first[0].id, std::string("n1"));
    }

    // Projected coordinates in a GeoJSON (longitude/latitude by definition) are refused, naming
    // --crs; with the CRS given they open.
    void projectedWithoutCrsNeedsCrs()
    {
        const std::string path = m_dir + "/nocrs.geojson";
        {
            VectorFile file(path, "GeoJSON", 0, wkbPolygon);
            file.field("embedding", OFTRealList);
            for (int i = 0; i < 2; ++i) {
                OGRFeature feature(file.layer->GetLayerDefn());
                const double v[3] = {1.0 + i, 2.0, 3.0};
                feature.SetField(0, 3, v);
                const double x = 500000.0 + 100.0 * i;
                setWkt(feature, "POLYGON ((" + std::to_string(x) + " 5230000," +
                                    std::to_string(x + 100) + " 5230000," +
                                    std::to_string(x + 100) + " 5230100," + std::to_string(x) +
                                    " 5230000))");
                QVERIFY(file.layer->CreateFeature(&feature) == OGRERR_NONE);
            }
        }
        const QString message = messageOf([&] { openDataset(path); });
        QVERIFY2(message.contains("outside longitude/latitude") && message.contains("--crs"),
                 qPrintable(message));
        DatasetOpenOptions options;
        options.crs = "EPSG:32614";
        const Dataset dataset = openDataset(path, options);
        QVERIFY(std::abs(dataset.centroid(0).lon - -99.0) < 0.01);
    }

    void npyWithARasterIsRefused()
    {
        const std::string raster = m_dir + "/embedding-raster.tif";
        GDALDriver *gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
        {
            GDALDatasetUniquePtr out(
                gtiff->Create(raster.c_str(), 32, 32, 2, GDT_Float32, nullptr));
            double transform[6] = {500000, 10, 0, 5230000, 0, -10};
            out->SetGeoTransform(transform);
            OGRSpatialReference utm;
            utm.importFromEPSG(32614);
            out->SetSpatialRef(&utm);
        }
        const std::string npy = m_dir + "/raster.npy";
        writeNpy(npy, EmbeddingMatrix(4, 2, FloatBuffer(8, 1.0f)));
        DatasetOpenOptions options;
        options.npyPath = npy;
        const QString message = messageOf([&] { openDataset(raster, options); });
        QVERIFY2(message.contains("embedding raster") && message.contains(".npy"),
                 qPrintable(message));
    }

    // A signed 8-bit embedding raster (GDAL 3.6: Byte + PIXELTYPE=SIGNEDBYTE) with nodata −128:
    // read as signed, the all-nodata block is not a chip, nodata pixels are left out of a block's
    // mean, and the values are de-quantised as AlphaEarth documents (sign(v)·(|v|/127.5)²);
    // dequantize = false keeps the stored values.
    void signedByteRaster()
    {
        const std::string path = m_dir + "/aef-int8.tif";
        const int size = 32, bands = 3;
        // Block (0,0): nodata; (0,1): −64 in every band; (1,0): 100 with its left half nodata;
        // (1,1): band b holds 127, −127, 5.
        auto stored = [](int b, int x, int y) -> int {
            if (x < 16 && y < 16)
                return -128;
            if (x >= 16 && y < 16)
                return -64;
            if (x < 16)
                return x < 8 ? -128 : 100;
            return b == 0 ? 127 : b == 1 ? -127 : 5;
        };
        {
            GDALDriver *gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
            const char *const creation[] = {"PIXELTYPE=SIGNEDBYTE", nullptr};
            GDALDatasetUniquePtr out(gtiff->Create(path.c_str(), size, size, bands, GDT_Byte,
                                                   const_cast<char **>(creation)));
            QVERIFY(out);
            double transform[6] = {500000, 10, 0, 5230000, 0, -10};
            out->SetGeoTransform(transform);
            OGRSpatialReference utm;
            utm.importFromEPSG(32614);
            out->SetSpatialRef(&utm);
            for (int b = 0; b < bands; ++b) {
                std::vector<int8_t> pixels(size_t(size) * size);
                for (int y = 0; y < size; ++y)
                    for (int x = 0; x < size; ++x)
                        pixels[size_t(y) * size + x] = int8_t(stored(b, x, y));
                GDALRasterBand *band = out->GetRasterBand(b + 1);
                band->SetNoDataValue(-128.0);
                QVERIFY(band->RasterIO(GF_Write, 0, 0, size, size, pixels.data(), size, size,
                                       GDT_Byte, 0, 0, nullptr) == CE_None);
            }
        }
        {
            GDALDatasetUniquePtr check(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
            const char *type =
                check->GetRasterBand(1)->GetMetadataItem("PIXELTYPE", "IMAGE_STRUCTURE");
#if GDAL_VERSION_NUM < 3070000
            QVERIFY2(type && std::string(type) == "SIGNEDBYTE", "GDAL did not mark it signed");
#else
            Q_UNUSED(type);
#endif
        }
        DatasetOpenOptions options;
        options.rasterChipSize = 16;
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.size(), size_t(3));
        QCOMPARE(dataset.indexOf("r0_c0"), int64_t(-1));
        const auto dequantised = [](double v) {
            return std::copysign((v / 127.5) * (v / 127.5), v);
        };
        const auto near = [](float a, double b) { return std::abs(double(a) - b) < 1e-5; };
        const auto c01 = dataset.embeddings.row(size_t(dataset.indexOf("r0_c1")));
        QVERIFY2(near(c01[0], dequantised(-64)), qPrintable(QString::number(c01[0])));
        const auto c10 = dataset.embeddings.row(size_t(dataset.indexOf("r1_c0")));
        QVERIFY2(near(c10[2], dequantised(100)), qPrintable(QString::number(c10[2])));
        const auto c11 = dataset.embeddings.row(size_t(dataset.indexOf("r1_c1")));
        QVERIFY(near(c11[0], dequantised(127)) && near(c11[1], dequantised(-127)) &&
                near(c11[2], dequantised(5)));
        QVERIFY2(dataset.embeddingSource.find("de-quantised") != std::string::npos,
                 dataset.embeddingSource.c_str());

        options.dequantize = false;
        const Dataset raw = openDataset(path, options);
        QCOMPARE(raw.size(), size_t(3));
        QCOMPARE(raw.embeddings.row(size_t(raw.indexOf("r0_c1")))[1], -64.0f);
        QCOMPARE(raw.embeddings.row(size_t(raw.indexOf("r1_c0")))[0], 100.0f);
    }

    // Real-number attributes (AttributeColumn::real) are written as REAL in a GeoPackage, even
    // when every value happens to be a whole number.
    void realColumnsAreWrittenAsReal()
    {
        Dataset dataset = naipDataset(128);
        AttributeColumn fraction{"nodata_fraction", {}, true};
        AttributeColumn water{"water_fraction", {}, true};
        for (size_t i = 0; i < dataset.size(); ++i) {
            fraction.values.emplace_back("0");
            water.values.emplace_back(i % 2 ? "0.25" : "1");
        }
        dataset.attributes.push_back(std::move(fraction));
        dataset.attributes.push_back(std::move(water));
        const std::string out = m_dir + "/reals.gpkg";
        writeDataset(dataset, out);
        GDALDatasetUniquePtr written(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        const OGRFeatureDefn *definition = written->GetLayer(0)->GetLayerDefn();
        for (const char *name : {"nodata_fraction", "water_fraction"}) {
            const int i = definition->GetFieldIndex(name);
            QVERIFY2(i >= 0, name);
            QCOMPARE(definition->GetFieldDefn(i)->GetType(), OFTReal);
        }
        QCOMPARE(definition->GetFieldDefn(definition->GetFieldIndex("water"))->GetType(),
                 OFTInteger64);
        // Read back: still real, written as REAL again.
        const Dataset back = openDataset(out);
        QVERIFY(back.attribute("water_fraction")->real);
    }
};

QTEST_GUILESS_MAIN(TestUserLayouts)
#include "tst_userlayouts.moc"
