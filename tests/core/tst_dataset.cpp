// Dataset writer and OGR reader: round trips through every vector format on real NAIP chips,
// reprojection, column detection, progress and cancel.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"

#include <ogrsf_frmts.h>

#include <QTest>

using namespace chipfinder;
using namespace chipfinder::test;
using Embedding = DatasetWriteOptions::Embedding;

Q_DECLARE_METATYPE(chipfinder::DatasetWriteOptions::Embedding)

namespace {

std::string srsWkt(int epsg)
{
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    return wktOf(srs);
}

bool sameCrs(const std::string &a, const std::string &b)
{
    OGRSpatialReference sa, sb;
    sa.importFromWkt(a.c_str());
    sb.importFromWkt(b.c_str());
    return sa.IsSame(&sb);
}

} // namespace

class TestDataset : public QObject
{
    Q_OBJECT

    Dataset m_naip;
    NaipBlocks m_blocks;
    std::string m_dir;

private slots:
    void initTestCase()
    {
        m_naip = naipDataset(32, &m_blocks);
        QCOMPARE(m_naip.size(), size_t(29 * 22));
        QCOMPARE(m_naip.dim(), size_t(8));
        m_dir = scratchDir("tst_dataset");
    }

    void fixtureMatchesGdalTransform()
    {
        const ToLonLat toLonLat(m_blocks.crsWkt);
        for (size_t chip : {size_t(0), size_t(100), m_naip.size() - 1}) {
            const int r = int(chip) / m_blocks.cols, c = int(chip) % m_blocks.cols;
            std::vector<std::array<double, 2>> corners;
            for (const auto &p : m_blocks.ring(r, c))
                corners.push_back(toLonLat(p));
            QVERIFY(ringHasCorners(m_naip, chip, corners, 1e-9));
        }
        // North Dakota.
        const auto box = m_naip.extent();
        QVERIFY(box.minLon > -100.0 && box.maxLon < -99.0);
        QVERIFY(box.minLat > 47.0 && box.maxLat < 48.0);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Embedding>("embedding");
        QTest::addColumn<bool>("wgs84");
        QTest::addColumn<QString>("driver");
        QTest::newRow("gpkg-blob") << "chips.gpkg" << Embedding::Auto << false << "GPKG";
        QTest::newRow("gpkg-json") << "chips-json.gpkg" << Embedding::JsonText << false << "GPKG";
        QTest::newRow("gpkg-wgs84") << "chips-wgs84.gpkg" << Embedding::Auto << true << "GPKG";
        QTest::newRow("geojson-list") << "chips.geojson" << Embedding::Auto << false << "GeoJSON";
        QTest::newRow("geojson-json")
            << "chips-text.geojson" << Embedding::JsonText << true << "GeoJSON";
        QTest::newRow("fgb-blob") << "chips.fgb" << Embedding::Auto << false << "FlatGeobuf";
        QTest::newRow("shp-npy") << "chips.shp" << Embedding::Auto << false << "ESRI Shapefile";
        const QString parquet =
            GetGDALDriverManager()->GetDriverByName("Parquet") ? "Parquet" : "DuckDB";
        QTest::newRow("geoparquet") << "chips.parquet" << Embedding::Auto << false << parquet;
        QTest::newRow("geoparquet-wgs84")
            << "chips-wgs84.parquet" << Embedding::Auto << true << parquet;
    }
    void roundTrip()
    {
        QFETCH(QString, file);
        QFETCH(Embedding, embedding);
        QFETCH(bool, wgs84);
        QFETCH(QString, driver);
        const std::string path = m_dir + "/" + file.toStdString();
        if (file.endsWith(".parquet") && !geoParquetSupported())
            QSKIP("no GeoParquet here: neither GDAL's Parquet driver nor DuckDB is built in");
        DatasetWriteOptions options;
        options.embedding = embedding;
        options.wgs84 = wgs84;
        writeDataset(m_naip, path, options);

        const Dataset back = openDataset(path);
        QCOMPARE(QString::fromStdString(back.driver), driver);
        QCOMPARE(back.size(), m_naip.size());
        QCOMPARE(back.ids, m_naip.ids);
        QCOMPARE(back.dim(), m_naip.dim());
        for (size_t i = 0; i < back.size(); ++i)
            for (size_t j = 0; j < back.dim(); ++j)
                QCOMPARE(back.embeddings.row(i)[j], m_naip.embeddings.row(i)[j]);
        QVERIFY(sameCrs(back.sourceCrsWkt, wgs84 ? srsWkt(4326) : m_naip.sourceCrsWkt));
        QCOMPARE(back.sourceWkb.size(), back.size());

        const ToLonLat toLonLat(m_blocks.crsWkt);
        for (size_t chip = 0; chip < back.size(); chip += 37) {
            const int r = int(chip) / m_blocks.cols, c = int(chip) % m_blocks.cols;
            std::vector<std::array<double, 2>> corners;
            for (const auto &p : m_blocks.ring(r, c))
                corners.push_back(toLonLat(p));
            QVERIFY2(ringHasCorners(back, chip, corners, 1e-7), back.ids[chip].c_str());
            QVERIFY(std::abs(back.bounds[chip].minLon - m_naip.bounds[chip].minLon) < 1e-7);
            QVERIFY(std::abs(back.bounds[chip].maxLat - m_naip.bounds[chip].maxLat) < 1e-7);
        }

        const AttributeColumn *water = back.attribute("water");
        const AttributeColumn *name = back.attribute("name");
        QVERIFY(water && name);
        QCOMPARE(water->values, m_naip.attribute("water")->values);
        if (driver == "ESRI Shapefile") {
            // Shapefile has no nulls for text: they come back empty.
            QCOMPARE(name->values[4], m_naip.attribute("name")->values[4]);
        } else {
            QCOMPARE(name->values, m_naip.attribute("name")->values);
        }
        QVERIFY(back.indexOf("r3_c5") == 3 * m_blocks.cols + 5);
    }

    // Footprints stored in Web Mercator come back as the same lon/lat.
    // A dataset cut from a raster records it (relative to the dataset file): opening the file
    // again finds the raster, also after the folder holding both was moved; a raster that is
    // gone is not offered.
    void recordsItsImageryAndFollowsAMovedFolder()
    {
        namespace fs = std::filesystem;
        const fs::path folder = fs::path(scratchDir("tst_dataset_imagery")) / "project";
        fs::create_directories(folder / "imagery");
        const fs::path raster = folder / "imagery" / "scene.tif";
        fs::copy_file(naipPath(), raster);
        Dataset dataset = m_naip;
        dataset.imageryPath = raster.string();
        const fs::path file = folder / "chips.gpkg";
        writeDataset(dataset, file.string());
        QCOMPARE(openDataset(file.string()).imageryPath, raster.string());

        const fs::path moved = folder.parent_path() / "moved";
        fs::rename(folder, moved);
        QCOMPARE(openDataset((moved / "chips.gpkg").string()).imageryPath,
                 (moved / "imagery" / "scene.tif").string());
        fs::remove(moved / "imagery" / "scene.tif");
        QVERIFY(openDataset((moved / "chips.gpkg").string()).imageryPath.empty());
    }

    void reprojection()
    {
        OGRSpatialReference utm, mercator;
        utm.importFromWkt(m_naip.sourceCrsWkt.c_str());
        utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        mercator.importFromEPSG(3857);
        mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> toMercator(
            OGRCreateCoordinateTransformation(&utm, &mercator));
        Dataset projected = m_naip;
        projected.sourceCrsWkt = wktOf(mercator);
        for (auto &wkb : projected.sourceWkb) {
            OGRGeometry *geometry = nullptr;
            QCOMPARE(OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size()),
                     OGRERR_NONE);
            std::unique_ptr<OGRGeometry> owned(geometry);
            QCOMPARE(owned->transform(toMercator.get()), OGRERR_NONE);
            wkb.resize(owned->WkbSize());
            owned->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        }
        const std::string path = m_dir + "/mercator.gpkg";
        writeDataset(projected, path);
        const Dataset back = openDataset(path);
        QVERIFY(sameCrs(back.sourceCrsWkt, srsWkt(3857)));
        const ToLonLat toLonLat(m_blocks.crsWkt);
        for (size_t chip = 0; chip < back.size(); chip += 11) {
            const int r = int(chip) / m_blocks.cols, c = int(chip) % m_blocks.cols;
            std::vector<std::array<double, 2>> corners;
            for (const auto &p : m_blocks.ring(r, c))
                corners.push_back(toLonLat(p));
            QVERIFY2(ringHasCorners(back, chip, corners, 1e-7), back.ids[chip].c_str());
        }
        // The source geometry is kept in Web Mercator metres.
        OGRGeometry *geometry = nullptr;
        OGRGeometryFactory::createFromWkb(back.sourceWkb[0].data(), nullptr, &geometry,
                                          back.sourceWkb[0].size());
        std::unique_ptr<OGRGeometry> owned(geometry);
        OGREnvelope envelope;
        owned->getEnvelope(&envelope);
        QVERIFY(envelope.MinX < -1.1e7 && envelope.MinY > 5.9e6);
    }

    // Detection of the embedding and id columns in a file written by plain OGR.
    void detectsColumns_data()
    {
        QTest::addColumn<QString>("embeddingName");
        QTest::addColumn<int>("embeddingType"); // OGRFieldType
        QTest::addColumn<QString>("idName");
        QTest::addColumn<QString>("expectedId0");
        QTest::newRow("vector-json-chip_id") << "vector" << int(OFTString) << "chip_id"
                                             << "c-0";
        QTest::newRow("emb-intlist-no-id") << "emb" << int(OFTIntegerList) << ""
                                           << "0";
        QTest::newRow("embeddings-reallist-ID") << "embeddings" << int(OFTRealList) << "ID"
                                                << "c-0";
        QTest::newRow("features-blob-fid") << "features" << int(OFTBinary) << "fid"
                                           << "c-0";
    }
    void detectsColumns()
    {
        QFETCH(QString, embeddingName);
        QFETCH(int, embeddingType);
        QFETCH(QString, idName);
        QFETCH(QString, expectedId0);
        const std::string path = m_dir + "/detect-" + embeddingName.toStdString() + ".geojson";
        std::filesystem::remove(path);
        {
            GDALDriver *driver = GetGDALDriverManager()->GetDriverByName(
                embeddingType == OFTBinary ? "FlatGeobuf" : "GeoJSON");
            const std::string out = embeddingType == OFTBinary ? path + ".fgb" : path;
            GDALDatasetUniquePtr ds(driver->Create(out.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
            OGRSpatialReference wgs84;
            wgs84.importFromEPSG(4326);
            const char *noIndex[] = {"SPATIAL_INDEX=NO", nullptr}; // keep feature order
            OGRLayer *layer =
                ds->CreateLayer("chips", &wgs84, wkbPolygon, const_cast<char **>(noIndex));
            OGRFieldDefn note("note", OFTString); // a text column that is not an array
            layer->CreateField(&note);
            OGRFieldDefn emb(embeddingName.toUtf8().constData(), OGRFieldType(embeddingType));
            layer->CreateField(&emb);
            if (!idName.isEmpty()) {
                OGRFieldDefn id(idName.toUtf8().constData(), OFTString);
                layer->CreateField(&id);
            }
            for (int i = 0; i < 3; ++i) {
                OGRFeature feature(layer->GetLayerDefn());
                feature.SetField("note", "[not json");
                const int values[3] = {i + 1, 2, 3};
                const double reals[3] = {i + 1.5, 2, 3};
                const float floats[3] = {float(i) + 1.5f, 2, 3};
                const int e = 1;
                if (embeddingType == OFTString)
                    feature.SetField(e, ("[" + std::to_string(i + 1) + ".5, 2.5e0, -3]").c_str());
                else if (embeddingType == OFTIntegerList)
                    feature.SetField(e, 3, values);
                else if (embeddingType == OFTRealList)
                    feature.SetField(e, 3, reals);
                else
                    feature.SetField(e, 12, floats);
                if (!idName.isEmpty())
                    feature.SetField(2, ("c-" + std::to_string(i)).c_str());
                OGRPolygon polygon;
                auto *ring = new OGRLinearRing();
                ring->addPoint(10 + i, 50);
                ring->addPoint(11 + i, 50);
                ring->addPoint(11 + i, 51);
                ring->addPoint(10 + i, 50);
                polygon.addRingDirectly(ring);
                feature.SetGeometry(&polygon);
                QCOMPARE(layer->CreateFeature(&feature), OGRERR_NONE);
            }
        }
        const std::string in = embeddingType == OFTBinary ? path + ".fgb" : path;
        const Dataset dataset = openDataset(in);
        QCOMPARE(QString::fromStdString(dataset.embeddingSource), embeddingName);
        QCOMPARE(dataset.size(), size_t(3));
        QCOMPARE(dataset.dim(), size_t(3));
        QCOMPARE(QString::fromStdString(dataset.ids[0]), expectedId0);
        QCOMPARE(dataset.embeddings.row(1)[0], embeddingType == OFTIntegerList ? 2.0f : 2.5f);
        QVERIFY(dataset.attribute("note"));
        QVERIFY(!dataset.attribute(embeddingName.toStdString()));
        QCOMPARE(dataset.bounds[2].minLon, 12.0);
        QCOMPARE(dataset.bounds[2].maxLat, 51.0);
    }

    void explicitColumnsAndLayer()
    {
        const std::string path = m_dir + "/explicit.gpkg";
        writeDataset(m_naip, path);
        DatasetOpenOptions options;
        options.embeddingColumn = "embedding";
        options.idColumn = "water"; // not unique: named as the duplicate
        options.layer = "explicit";
        try {
            openDataset(path, options);
            QFAIL("duplicate ids accepted");
        } catch (const DataError &error) {
            QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("water"));
            QVERIFY(error.row().has_value());
        }
        options.idColumn.clear();
        options.layer = "nope";
        QVERIFY_THROWS_EXCEPTION(DataError, openDataset(path, options));
        options.layer.clear();
        options.embeddingColumn = "name";
        try {
            openDataset(path, options);
            QFAIL("text column accepted as embedding");
        } catch (const DataError &error) {
            QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("name"));
            QCOMPARE(error.row().value(), 0);
        }
    }

    void progressAndCancel()
    {
        const std::string path = m_dir + "/progress.fgb";
        std::vector<double> seen;
        Feedback writing([&](double f) { seen.push_back(f); });
        writeDataset(m_naip, path, {}, &writing);
        QCOMPARE(seen.back(), 1.0);
        seen.clear();
        Feedback reading([&](double f) { seen.push_back(f); });
        openDataset(path, {}, &reading);
        QVERIFY(seen.size() >= 2);
        QCOMPARE(seen.back(), 1.0);

        Feedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, openDataset(path, {}, &canceled));
        const std::string partial = m_dir + "/canceled.gpkg";
        QVERIFY_THROWS_EXCEPTION(CanceledError, writeDataset(m_naip, partial, {}, &canceled));
        QVERIFY(!std::filesystem::exists(partial));
    }

    void unsupportedEncoding()
    {
        DatasetWriteOptions options;
        options.embedding = Embedding::RealList;
        try {
            writeDataset(m_naip, m_dir + "/list.fgb", options);
            QFAIL("real list accepted by FlatGeobuf");
        } catch (const DataError &error) {
            QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("embedding"));
        }
        QVERIFY(!std::filesystem::exists(m_dir + "/list.fgb"));
    }

    void unknownOutputFormat()
    {
        try {
            writeDataset(m_naip, m_dir + "/chips.xyz");
            QFAIL("unknown extension accepted");
        } catch (const DataError &error) {
            QVERIFY(QString::fromStdString(error.what()).contains(".xyz"));
        }
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
