// The footprint cache: everything of a dataset but its matrix kept beside the embedding cache,
// so that a later open (with or without the embeddings, e.g. export) does not parse the source.
// Real data: the NAIP scene's chips as a GeoPackage (its attributes and one with nulls)
// and a .npy beside it with one NaN row (a skipped chip).

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "dataset/npyfile.h"
#include "export/labelexporter.h"
#include "project/projectstore.h"

#include <QTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace chipfinder;
using namespace chipfinder::test;

namespace {

void overwriteByte(const std::string &path, std::streamoff at, char value)
{
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(at);
    file.put(value);
}

std::string readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The path after the last "footprints … to " / "footprints read from " in Dataset::embeddingCache.
std::string chipsFile(const std::string &state)
{
    const size_t at = state.rfind(".chips");
    const size_t begin = state.rfind(' ', at);
    return at == std::string::npos ? std::string() : state.substr(begin + 1, at + 6 - begin - 1);
}

} // namespace

class TestFootprintCache : public QObject
{
    Q_OBJECT

    Dataset m_naip;
    std::string m_dir;
    std::string m_gpkg;
    size_t m_nanRow = 7;

    DatasetOpenOptions cached(bool embeddings = true) const
    {
        DatasetOpenOptions options;
        options.embeddingCache = EmbeddingCacheMode::Float32;
        options.embeddingCacheFrom = 0; // the fixture is small
        options.footprintCacheFrom = 0;
        options.embeddingCacheDirectory = m_dir + "/cache";
        options.loadEmbeddings = embeddings;
        return options;
    }

    static void compareChips(const Dataset &a, const Dataset &b)
    {
        QCOMPARE(a.ids, b.ids);
        QCOMPARE(a.ringOffsets, b.ringOffsets);
        QCOMPARE(a.ringCoords.size(), b.ringCoords.size());
        for (size_t i = 0; i < a.ringCoords.size(); ++i) {
            QCOMPARE(a.ringCoords[i].lon, b.ringCoords[i].lon);
            QCOMPARE(a.ringCoords[i].lat, b.ringCoords[i].lat);
        }
        QCOMPARE(a.bounds.size(), b.bounds.size());
        for (size_t i = 0; i < a.bounds.size(); ++i)
            QCOMPARE(a.bounds[i].maxLat, b.bounds[i].maxLat);
        QCOMPARE(a.sourceWkb, b.sourceWkb);
        QCOMPARE(a.sourceCrsWkt, b.sourceCrsWkt);
        QCOMPARE(a.sourcePath, b.sourcePath);
        QCOMPARE(a.driver, b.driver);
        QCOMPARE(a.attributes.size(), b.attributes.size());
        for (size_t c = 0; c < a.attributes.size(); ++c) {
            QCOMPARE(a.attributes[c].name, b.attributes[c].name);
            QCOMPARE(a.attributes[c].real, b.attributes[c].real);
            QCOMPARE(a.attributes[c].values, b.attributes[c].values);
        }
        QCOMPARE(a.skipped.summary(), b.skipped.summary());
        QCOMPARE(datasetFingerprint(a), datasetFingerprint(b)); // a project accepts both
        for (size_t i = 0; i < a.size(); ++i)
            QCOMPARE(b.indexOf(a.ids[i]), int64_t(i));
        QCOMPARE(b.indexOf("no such chip"), int64_t(-1));
    }

private slots:
    void initTestCase()
    {
        m_naip = naipDataset(64);
        AttributeColumn water{"score_fraction", {}, true};
        for (size_t i = 0; i < m_naip.size(); ++i)
            water.values.push_back(i % 5 == 0 ? std::nullopt
                                              : std::optional(std::to_string(double(i % 3) / 2)));
        m_naip.attributes.push_back(water);
        m_dir = scratchDir("footprintcache");
        m_gpkg = m_dir + "/naip.gpkg";
        DatasetWriteOptions options;
        options.embedding = DatasetWriteOptions::Embedding::Npy;
        writeDataset(m_naip, m_gpkg, options);
        EmbeddingMatrix withNan = m_naip.embeddings;
        withNan.row(m_nanRow)[3] = std::nanf("");
        writeNpy(m_dir + "/naip.npy", withNan);
    }

    void laterOpensTakeTheChipsFromTheCache()
    {
        const Dataset source = openDataset(m_gpkg);
        QCOMPARE(source.size(), m_naip.size() - 1); // the NaN row is skipped
        QCOMPARE(source.skipped.count, size_t(1));
        const Dataset first = openDataset(m_gpkg, cached());
        QVERIFY2(first.embeddingCache.find("; footprints written to ") != std::string::npos,
                 first.embeddingCache.c_str());
        const Dataset second = openDataset(m_gpkg, cached());
        QVERIFY2(second.embeddingCache.rfind("read from ", 0) == 0 &&
                     second.embeddingCache.find("; footprints read from ") != std::string::npos,
                 second.embeddingCache.c_str());
        compareChips(source, second);
        QVERIFY(second.embeddings.external());
        QCOMPARE(second.embeddings.rows(), source.size());
        // Without the embeddings (export, info --no-check): the same chips, no matrix, and not
        // the ones a read without embeddings finds (it keeps the NaN row).
        const Dataset light = openDataset(m_gpkg, cached(false));
        QVERIFY2(light.embeddingCache.rfind("footprints read from ", 0) == 0,
                 light.embeddingCache.c_str());
        QCOMPARE(light.dim(), size_t(0));
        QCOMPARE(light.embeddings.rows(), source.size());
        compareChips(source, light);
    }

    void exportFromTheCacheWritesTheSameFile()
    {
        const Dataset source = openDataset(m_gpkg);
        openDataset(m_gpkg, cached());
        const Dataset light = openDataset(m_gpkg, cached(false));
        QVERIFY(light.embeddingCache.rfind("footprints read from ", 0) == 0);
        std::vector<Label> labels;
        for (const size_t chip : {size_t(0), size_t(5), source.size() - 1}) {
            Label label;
            label.chipId = source.ids[chip];
            label.value = chip == 5 ? LabelValue::Negative : LabelValue::Positive;
            labels.push_back(label);
        }
        LabelExportOptions options;
        options.crs = LabelExportOptions::Crs::SourceCrs;
        QCOMPARE(LabelExporter(source).write(m_dir + "/a.fgb", labels, options), size_t(3));
        QCOMPARE(LabelExporter(light).write(m_dir + "/b.fgb", labels, options), size_t(3));
        QCOMPARE(LabelExporter(source).write(m_dir + "/a.geojson", labels), size_t(3));
        QCOMPARE(LabelExporter(light).write(m_dir + "/b.geojson", labels), size_t(3));
        QCOMPARE(readAll(m_dir + "/a.geojson"), readAll(m_dir + "/b.geojson"));
        QVERIFY(readAll(m_dir + "/a.fgb") == readAll(m_dir + "/b.fgb"));
    }

    void aReadWithoutEmbeddingsDoesNotServeAFullOpen()
    {
        DatasetOpenOptions light = cached(false);
        light.embeddingCacheDirectory = m_dir + "/light-first";
        const Dataset first = openDataset(m_gpkg, light);
        QCOMPARE(first.size(), m_naip.size()); // not checked: the NaN row is a chip here
        QVERIFY2(first.embeddingCache.rfind("footprints written to ", 0) == 0,
                 first.embeddingCache.c_str());
        QVERIFY(openDataset(m_gpkg, light).embeddingCache.rfind("footprints read from ", 0) == 0);
        DatasetOpenOptions full = light;
        full.loadEmbeddings = true;
        const Dataset opened = openDataset(m_gpkg, full);
        QCOMPARE(opened.size(), m_naip.size() - 1);
        QCOMPARE(opened.embeddings.rows(), m_naip.size() - 1);
        const Dataset again = openDataset(m_gpkg, full);
        QVERIFY2(again.embeddingCache.find("; footprints read from ") != std::string::npos,
                 again.embeddingCache.c_str());
        QCOMPARE(again.size(), m_naip.size() - 1);
        QCOMPARE(openDataset(m_gpkg, light).size(), m_naip.size() - 1); // now the checked chips
    }

    void damagedOrStaleCacheIsRebuilt()
    {
        DatasetOpenOptions options = cached();
        options.embeddingCacheDirectory = m_dir + "/damaged";
        const std::string file = chipsFile(openDataset(m_gpkg, options).embeddingCache);
        QVERIFY2(std::filesystem::exists(file), file.c_str());
        const Dataset source = openDataset(m_gpkg);
        const auto size = std::filesystem::file_size(file);
        // A payload byte (a coordinate near the end), the header, an id byte: all detected.
        for (const std::streamoff at :
             {std::streamoff(size - 40), std::streamoff(12), std::streamoff(4096 + 200)}) {
            overwriteByte(file, at, char(0x5a));
            const Dataset rebuilt = openDataset(m_gpkg, options);
            QVERIFY2(rebuilt.embeddingCache.find("footprints rewritten (") != std::string::npos,
                     rebuilt.embeddingCache.c_str());
            compareChips(source, rebuilt);
            QVERIFY(openDataset(m_gpkg, options).embeddingCache.find("footprints read from") !=
                    std::string::npos);
        }
        std::filesystem::resize_file(file, size - 8);
        const Dataset truncated = openDataset(m_gpkg, options);
        QVERIFY2(truncated.embeddingCache.find("size") != std::string::npos,
                 truncated.embeddingCache.c_str());
        // Stale: the footprint file changed since.
        Dataset fewer = m_naip;
        fewer.ids[0] = "renamed";
        DatasetWriteOptions write;
        write.embedding = DatasetWriteOptions::Embedding::Npy;
        writeDataset(fewer, m_gpkg, write);
        const Dataset stale = openDataset(m_gpkg, cached(false));
        QVERIFY2(stale.embeddingCache.find("source changed") != std::string::npos,
                 stale.embeddingCache.c_str());
        QCOMPARE(stale.ids[0], std::string("renamed"));
        writeDataset(m_naip, m_gpkg, write);
        EmbeddingMatrix withNan = m_naip.embeddings;
        withNan.row(m_nanRow)[3] = std::nanf("");
        writeNpy(m_dir + "/naip.npy", withNan);
    }

    void cancelAndProgressOnACachedOpen()
    {
        DatasetOpenOptions options = cached(false);
        options.embeddingCacheDirectory = m_dir + "/cancel";
        openDataset(m_gpkg, options);
        QVERIFY(openDataset(m_gpkg, options).embeddingCache.rfind("footprints read", 0) == 0);
        Feedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, openDataset(m_gpkg, options, &canceled));
        double last = 0;
        int calls = 0;
        Feedback progress([&](double f) {
            last = f;
            ++calls;
        });
        openDataset(m_gpkg, options, &progress);
        QCOMPARE(last, 1.0);
        QVERIFY(calls >= 3);
    }
};

QTEST_GUILESS_MAIN(TestFootprintCache)
#include "tst_footprintcache.moc"
