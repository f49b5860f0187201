// Chipper, band normalisation and MOSAIKS embedder on the real NAIP scene (SHARED_DATA_DIR).

#include "common/errors.h"
#include "common/feedback.h"
#include "embed/bandnormalization.h"
#include "embed/chipper.h"
#include "embed/mosaiksembedder.h"

#include <QDir>
#include <QTest>

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_geometry.h>

#include <cmath>
#include <cstring>
#include <memory>

using namespace chipfinder;

namespace {

const std::string kNaip2020 = SHARED_DATA_DIR "/naip/m_4709963_se_14_1_20200831.tif";
// From gdalinfo of that file: origin and pixel size in NAD83 / UTM 14N.
constexpr double kOriginX = 485899.0;
constexpr double kOriginY = 5209246.0;
constexpr double kPixel = 5.0;

std::string outputPath(const QString &name)
{
    QDir().mkpath(QStringLiteral(TEST_OUTPUT_DIR "/embed"));
    return (QStringLiteral(TEST_OUTPUT_DIR "/embed/") + name).toStdString();
}

// Copies the NAIP scene with gdal_translate options, then fills the left `border` columns of
// every band with 0.
std::string makeFixture(const QString &name, const QStringList &translateOptions, int border)
{
    GDALAllRegister();
    const std::string path = outputPath(name);
    std::vector<std::string> storage;
    for (const auto &o : translateOptions)
        storage.push_back(o.toStdString());
    std::vector<char *> argv;
    for (auto &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    GDALTranslateOptions *options = GDALTranslateOptionsNew(argv.data(), nullptr);
    GDALDatasetH source = GDALOpen(kNaip2020.c_str(), GA_ReadOnly);
    GDALDatasetH copy = GDALTranslate(path.c_str(), source, options, nullptr);
    GDALTranslateOptionsFree(options);
    GDALClose(source);
    if (!copy)
        return {};
    auto *ds = GDALDataset::FromHandle(copy);
    std::vector<double> zeros(size_t(border) * size_t(ds->GetRasterYSize()), 0.0);
    for (int b = 1; b <= ds->GetRasterCount(); ++b)
        if (ds->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, border, ds->GetRasterYSize(),
                                           zeros.data(), border, ds->GetRasterYSize(), GDT_Float64,
                                           0, 0, nullptr) != CE_None)
            return {};
    GDALClose(copy);
    return path;
}

} // namespace

class TestEmbed : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFile::exists(QString::fromStdString(kNaip2020)))
            QSKIP("shared NAIP data not found");
    }

    void gridCoversTheRaster()
    {
        const ChipGrid grid = Chipper({32, 32, 0.5}).tile(kNaip2020);
        QCOMPARE(grid.rasterWidth, 934);
        QCOMPARE(grid.rasterHeight, 723);
        QCOMPARE(grid.bandCount, 4);
        // 934 / 32 → 29 whole columns, 723 / 32 → 22 whole rows; the scene has no nodata.
        QCOMPARE(int(grid.size()), 29 * 22);
        QCOMPARE(grid.id(0), std::string("r0_c0"));
        QCOMPARE(grid.id(grid.size() - 1), std::string("r21_c28"));
        const ChipGrid overlapping = Chipper({32, 16, 0.5}).tile(kNaip2020);
        QCOMPARE(int(overlapping.size()), ((934 - 32) / 16 + 1) * ((723 - 32) / 16 + 1));
        QVERIFY_THROWS_EXCEPTION(UsageError, Chipper({0, 32, 0.5}));
        QVERIFY_THROWS_EXCEPTION(UsageError, Chipper({32, 32, 1.5}));
        QVERIFY_THROWS_EXCEPTION(DataError, Chipper().tile(outputPath("missing.tif")));
    }

    void footprintsFollowTheGeotransform_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("col");
        QTest::newRow("top-left") << 0 << 0;
        QTest::newRow("inner") << 5 << 7;
        QTest::newRow("bottom-right") << 21 << 28;
    }
    void footprintsFollowTheGeotransform()
    {
        QFETCH(int, row);
        QFETCH(int, col);
        const ChipGrid grid = Chipper({32, 32, 0.5}).tile(kNaip2020);
        const Dataset dataset = Chipper::footprints(grid);
        QCOMPARE(dataset.size(), grid.size());
        QCOMPARE(dataset.imageryPath, kNaip2020);
        QCOMPARE(dataset.driver, std::string("GTiff"));
        const int64_t i = dataset.indexOf("r" + std::to_string(row) + "_c" + std::to_string(col));
        QVERIFY(i >= 0);

        OGRGeometry *geometry = nullptr;
        QCOMPARE(OGRGeometryFactory::createFromWkb(dataset.sourceWkb[size_t(i)].data(), nullptr,
                                                   &geometry, dataset.sourceWkb[size_t(i)].size()),
                 OGRERR_NONE);
        std::unique_ptr<OGRGeometry> owned(geometry);
        QCOMPARE(wkbFlatten(geometry->getGeometryType()), wkbPolygon);
        OGREnvelope envelope;
        geometry->getEnvelope(&envelope);
        QCOMPARE(envelope.MinX, kOriginX + col * 32 * kPixel);
        QCOMPARE(envelope.MaxX, kOriginX + (col + 1) * 32 * kPixel);
        QCOMPARE(envelope.MaxY, kOriginY - row * 32 * kPixel);
        QCOMPARE(envelope.MinY, kOriginY - (row + 1) * 32 * kPixel);
        QCOMPARE(geometry->toPolygon()->get_Area(), 160.0 * 160.0);
        QVERIFY(!geometry->toPolygon()->getExteriorRing()->isClockwise());

        // Lon/lat ring: closed, five corners, counter-clockwise, inside its bounds.
        const uint32_t begin = dataset.ringOffsets[size_t(i)],
                       end = dataset.ringOffsets[size_t(i) + 1];
        QCOMPARE(end - begin, 5u);
        QCOMPARE(dataset.ringCoords[begin].lon, dataset.ringCoords[end - 1].lon);
        QCOMPARE(dataset.ringCoords[begin].lat, dataset.ringCoords[end - 1].lat);
        double signedArea = 0.0;
        for (uint32_t k = begin; k + 1 < end; ++k)
            signedArea += dataset.ringCoords[k].lon * dataset.ringCoords[k + 1].lat -
                          dataset.ringCoords[k + 1].lon * dataset.ringCoords[k].lat;
        QVERIFY(signedArea > 0.0);
        const auto centre = dataset.centroid(size_t(i));
        QVERIFY(dataset.bounds[size_t(i)].contains(centre.lon, centre.lat));
        // 160 m ≈ 0.0021° of longitude at 47° N and 0.00144° of latitude.
        QVERIFY(std::abs(dataset.bounds[size_t(i)].maxLon - dataset.bounds[size_t(i)].minLon -
                         0.0021) < 0.0001);
        QVERIFY(std::abs(dataset.bounds[size_t(i)].maxLat - dataset.bounds[size_t(i)].minLat -
                         0.00144) < 0.00002);
        if (row == 0 && col == 0) {
            // gdalinfo: Upper Left ( 99d11' 8.17"W, 47d 2'11.69"N) (NAD83 ≈ WGS 84 within ~1 m).
            const double lon = -(99.0 + 11.0 / 60 + 8.17 / 3600);
            const double lat = 47.0 + 2.0 / 60 + 11.69 / 3600;
            QVERIFY2(std::abs(dataset.bounds[0].minLon - lon) < 3e-5, "upper-left longitude");
            QVERIFY2(std::abs(dataset.bounds[0].maxLat - lat) < 3e-5, "upper-left latitude");
        }
        const auto *px = dataset.attribute("pixel_x");
        QVERIFY(px);
        QCOMPARE(px->values[size_t(i)].value(), std::to_string(col * 32));
    }

    void nodataChipsAreSkipped_data()
    {
        QTest::addColumn<QStringList>("translate");
        QTest::addColumn<double>("maxNodata");
        QTest::addColumn<int>("expected");
        QTest::addColumn<double>("col1Fraction");
        // The left 40 columns are filled with 0: column 0 of chips is all nodata, column 1 is
        // 8/32 = 25 % nodata. 22 chip rows.
        const QStringList nodata0{"-of", "GTiff"};
        const QStringList noNodataByte{"-of", "GTiff", "-a_nodata", "none"};
        const QStringList noNodataUInt16{"-of", "GTiff", "-a_nodata", "none", "-ot", "UInt16"};
        QTest::newRow("nodata 0, max 0.5") << nodata0 << 0.5 << 638 - 22 << 0.25;
        QTest::newRow("nodata 0, max 0.2") << nodata0 << 0.2 << 638 - 44 << -1.0;
        QTest::newRow("nodata 0, max 1") << nodata0 << 1.0 << 638 << 0.25;
        QTest::newRow("byte zeros, max 0.5") << noNodataByte << 0.5 << 638 - 22 << 0.25;
        // UInt16 without a nodata value: zeros are data.
        QTest::newRow("uint16 zeros are data") << noNodataUInt16 << 0.5 << 638 << 0.0;
    }
    void nodataChipsAreSkipped()
    {
        QFETCH(QStringList, translate);
        QFETCH(double, maxNodata);
        QFETCH(int, expected);
        QFETCH(double, col1Fraction);
        const std::string fixture = makeFixture(QStringLiteral("border_%1.tif")
                                                    .arg(QTest::currentDataTag())
                                                    .replace(' ', '_')
                                                    .replace(',', '_'),
                                                translate, 40);
        QVERIFY(!fixture.empty());
        const ChipGrid grid = Chipper({32, 32, maxNodata}).tile(fixture);
        QCOMPARE(int(grid.size()), expected);
        const Dataset dataset = Chipper::footprints(grid);
        const int64_t col1 = dataset.indexOf("r3_c1");
        if (col1Fraction < 0) {
            QCOMPARE(col1, int64_t(-1));
        } else {
            QVERIFY(col1 >= 0);
            QCOMPARE(grid.chips[size_t(col1)].nodataFraction, col1Fraction);
        }
    }

    void normalizationMatchesGdalStatistics()
    {
        // gdalinfo -stats of the 2020 scene (nodata 0 excluded; the scene has none).
        const double mean[] = {81.367695273974, 100.36402421507, 78.471173524542, 136.32313759289};
        const double sd[] = {34.336868301534, 23.98485577313, 23.308405792656, 70.12188551731};
        const BandNormalization norm = computeBandNormalization(kNaip2020);
        QCOMPARE(int(norm.bandCount()), 4);
        for (int b = 0; b < 4; ++b) {
            QVERIFY(std::abs(norm.mean[size_t(b)] - mean[b]) < 1e-6 * mean[b]);
            QVERIFY(std::abs(norm.std[size_t(b)] - sd[b]) < 1e-6 * sd[b]);
        }
    }

    void embedderIsDeterministic()
    {
        const ChipGrid grid = Chipper({32, 32, 0.5}).tile(kNaip2020);
        MosaiksOptions options;
        options.features = 64;
        options.threads = 1;
        MosaiksEmbedder a(options);
        a.fit(grid);
        QCOMPARE(a.dim(), size_t(2 * 64 + 4 * 4));
        QCOMPARE(a.filters().size(), size_t(64 * 4 * 3 * 3));
        const EmbeddingMatrix one = a.embed(grid);
        options.threads = 2;
        MosaiksEmbedder b(options);
        b.fit(grid);
        QVERIFY(a.filters() == b.filters());
        const EmbeddingMatrix two = b.embed(grid);
        QCOMPARE(one.rows(), grid.size());
        QCOMPARE(one.dim(), a.dim());
        QVERIFY(std::memcmp(one.data(), two.data(), one.rows() * one.dim() * sizeof(float)) == 0);
        // Vectors are finite, not all zero, and differ between chips.
        double total = 0.0;
        for (size_t i = 0; i < one.rows() * one.dim(); ++i) {
            QVERIFY(std::isfinite(one.data()[i]));
            total += std::abs(one.data()[i]);
        }
        QVERIFY(total > 0.0);
        QVERIFY(std::memcmp(one.row(0).data(), one.row(1).data(), one.dim() * sizeof(float)) != 0);

        options.seed = 7;
        MosaiksEmbedder c(options);
        c.fit(grid);
        QVERIFY(c.filters() != a.filters());
        // Filters are unit vectors.
        for (int f = 0; f < 64; ++f) {
            double norm2 = 0.0;
            for (int j = 0; j < 36; ++j)
                norm2 += double(c.filters()[size_t(f * 36 + j)]) * c.filters()[size_t(f * 36 + j)];
            QVERIFY(std::abs(norm2 - 1.0) < 1e-4);
        }
    }

    void embedderStandardizesFeatures()
    {
        // Default: square roots of the ReLU means, z-scores per dimension, ZCA whitening with
        // ε = mean eigenvalue. Checked against the raw features in double precision without an
        // eigen-decomposition: with Z the z-scored features, C = ZᵀZ/n and Y the output,
        // M = YᵀZ/n = (C + εI)^(−1/2)·C must be symmetric and satisfy (C + εI)·M² = C².
        const ChipGrid grid = Chipper({32, 32, 0.5}).tile(kNaip2020);
        MosaiksOptions options;
        options.features = 32;
        QVERIFY(options.standardize);
        MosaiksEmbedder standardized(options);
        standardized.fit(grid);
        options.standardize = false;
        MosaiksEmbedder raw(options);
        raw.fit(grid);
        const EmbeddingMatrix y = standardized.embed(grid);
        const EmbeddingMatrix x = raw.embed(grid);
        QCOMPARE(y.rows(), x.rows());
        QCOMPARE(y.dim(), x.dim());
        const size_t n = x.rows(), d = x.dim(), pooled = 2 * 32;
        std::vector<std::vector<double>> z(n, std::vector<double>(d));
        for (size_t j = 0; j < d; ++j) {
            double mean = 0.0;
            for (size_t i = 0; i < n; ++i) {
                const double v = x.row(i)[j];
                z[i][j] = j < pooled ? std::sqrt(std::max(0.0, v)) : v;
                mean += z[i][j];
            }
            mean /= double(n);
            double var = 0.0;
            for (size_t i = 0; i < n; ++i)
                var += (z[i][j] - mean) * (z[i][j] - mean);
            const double sd = std::sqrt(var / double(n));
            for (size_t i = 0; i < n; ++i)
                z[i][j] = sd > 1e-9 ? (z[i][j] - mean) / sd : 0.0;
        }
        std::vector<std::vector<double>> c(d, std::vector<double>(d, 0.0)), mm = c;
        double trace = 0.0;
        for (size_t a = 0; a < d; ++a) {
            for (size_t b = 0; b < d; ++b) {
                for (size_t i = 0; i < n; ++i) {
                    c[a][b] += z[i][a] * z[i][b] / double(n);
                    mm[a][b] += double(y.row(i)[a]) * z[i][b] / double(n);
                }
            }
            trace += c[a][a];
        }
        const double epsilon = trace / double(d);
        double asymmetry = 0.0, residual = 0.0, scale = 0.0;
        for (size_t a = 0; a < d; ++a)
            for (size_t b = 0; b < d; ++b) {
                asymmetry = std::max(asymmetry, std::abs(mm[a][b] - mm[b][a]));
                double lhs = 0.0, rhs = 0.0;
                for (size_t t = 0; t < d; ++t) {
                    double m2 = 0.0;
                    for (size_t u = 0; u < d; ++u)
                        m2 += mm[t][u] * mm[u][b];
                    lhs += (c[a][t] + (a == t ? epsilon : 0.0)) * m2;
                    rhs += c[a][t] * c[t][b];
                }
                residual = std::max(residual, std::abs(lhs - rhs));
                scale = std::max(scale, std::abs(rhs));
            }
        qInfo("whitening: max |M − Mᵀ| %.2e, max |(C + εI)M² − C²| %.2e of %.2e", asymmetry,
              residual, scale);
        QVERIFY(asymmetry < 1e-3);
        QVERIFY(residual < 1e-3 * scale);
        bool negative = false;
        for (size_t i = 0; i < n * d && !negative; ++i)
            negative = y.data()[i] < 0.0f;
        QVERIFY(negative);
    }

    void embedderCancels()
    {
        const ChipGrid grid = Chipper({32, 32, 0.5}).tile(kNaip2020);
        MosaiksOptions options;
        options.features = 32;
        MosaiksEmbedder embedder(options);
        embedder.fit(grid);
        Feedback feedback;
        feedback.setCallback([&](double f) {
            if (f > 0.2)
                feedback.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(CanceledError, embedder.embed(grid, &feedback));
        QVERIFY(feedback.progress() < 1.0);
        Feedback canceled;
        canceled.cancel();
        MosaiksEmbedder fresh(options);
        QVERIFY_THROWS_EXCEPTION(CanceledError, fresh.fit(grid, &canceled));
        QVERIFY_THROWS_EXCEPTION(UsageError, fresh.embed(grid));
    }

    void embedderRejectsOtherBands()
    {
        const ChipGrid grid = Chipper({32, 32, 0.5}).tile(kNaip2020);
        MosaiksOptions options;
        options.features = 16;
        MosaiksEmbedder embedder(options);
        embedder.fit(grid);
        const std::string rgb = makeFixture(QStringLiteral("rgb.tif"),
                                            {"-of", "GTiff", "-b", "1", "-b", "2", "-b", "3"}, 1);
        QVERIFY(!rgb.empty());
        QVERIFY_THROWS_EXCEPTION(DataError, embedder.embed(rgb, grid));
        const ChipGrid big = Chipper({600, 600, 0.5}).tile(kNaip2020);
        const std::string small = makeFixture(
            QStringLiteral("small.tif"), {"-of", "GTiff", "-srcwin", "0", "0", "500", "500"}, 1);
        QVERIFY_THROWS_EXCEPTION(DataError, embedder.embed(small, big));
    }
};

QTEST_GUILESS_MAIN(TestEmbed)
#include "tst_embed.moc"
