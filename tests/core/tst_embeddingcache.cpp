// The embedding matrix without copies and without needless reads: a cosine index searching the
// dataset's own matrix normalised in place, datasets opened without their embeddings, and the
// embedding cache (written on the first open, mapped on the next, rebuilt when damaged, foreign
// or stale, cancelable). Real data: the NAIP scene's chips written as footprints + .npy.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "dataset/embeddingcache.h"
#include "search/flatindex.h"

#include <QTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace chipfinder;
using namespace chipfinder::test;

namespace {

bool sameValues(const EmbeddingMatrix &a, const EmbeddingMatrix &b)
{
    if (a.rows() != b.rows() || a.dim() != b.dim())
        return false;
    return std::equal(a.data(), a.data() + a.rows() * a.dim(), b.data());
}

void overwriteByte(const std::string &path, std::streamoff at, char value)
{
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(at);
    file.put(value);
}

} // namespace

class TestEmbeddingCache : public QObject
{
    Q_OBJECT

    Dataset m_naip;
    std::string m_dir;
    std::string m_gpkg; // footprints, embeddings in the .npy beside it

    DatasetOpenOptions cached(EmbeddingCacheMode mode = EmbeddingCacheMode::Float32) const
    {
        DatasetOpenOptions options;
        options.embeddingCache = mode;
        options.embeddingCacheFrom = 0; // the fixture is small
        options.embeddingCacheDirectory = m_dir + "/cache";
        return options;
    }

private slots:
    void initTestCase()
    {
        m_naip = naipDataset(64);
        m_dir = scratchDir("embeddingcache");
        m_gpkg = m_dir + "/naip.gpkg";
        DatasetWriteOptions options;
        options.embedding = DatasetWriteOptions::Embedding::Npy;
        writeDataset(m_naip, m_gpkg, options);
    }

    void indexSearchesTheNormalisedMatrixWithoutCopy()
    {
        auto dataset = std::make_shared<Dataset>(openDataset(m_gpkg));
        const FlatIndex copying(dataset->embeddings, Metric::Cosine);
        dataset->embeddings.normalizeRows();
        QVERIFY(dataset->embeddings.rowsNormalized());
        const std::shared_ptr<const EmbeddingMatrix> shared(dataset, &dataset->embeddings);
        const FlatIndex sharing(shared, Metric::Cosine);
        QCOMPARE(sharing.vectors().data(), dataset->embeddings.data()); // no copy
        QVERIFY(copying.vectors().data() != dataset->embeddings.data());
        const auto query = copying.vectors().row(5);
        const std::vector<float> q(query.begin(), query.end());
        const auto a = copying.search(q, 10), b = sharing.search(q, 10);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].chip, b[i].chip);
            QCOMPARE(a[i].score, b[i].score);
        }
        // Not normalised: the index normalises a copy and leaves the matrix alone.
        const Dataset raw = openDataset(m_gpkg);
        const std::shared_ptr<const EmbeddingMatrix> rawShared(std::shared_ptr<const void>(),
                                                               &raw.embeddings);
        const FlatIndex normalising(rawShared, Metric::Cosine);
        QVERIFY(normalising.vectors().data() != raw.embeddings.data());
        QVERIFY(sameValues(raw.embeddings, m_naip.embeddings));
        // Euclidean needs no normalisation: shared as it is.
        const FlatIndex euclidean(rawShared, Metric::Euclidean);
        QCOMPARE(euclidean.vectors().data(), raw.embeddings.data());
    }

    void openWithoutEmbeddings()
    {
        DatasetOpenOptions options;
        options.loadEmbeddings = false;
        // A .npy that is not a matrix: never read when the embeddings are not wanted.
        const std::string broken = m_dir + "/broken.gpkg";
        DatasetWriteOptions write;
        write.embedding = DatasetWriteOptions::Embedding::Npy;
        writeDataset(m_naip, broken, write);
        std::ofstream(m_dir + "/broken.npy", std::ios::trunc) << "not a matrix";
        QVERIFY_THROWS_EXCEPTION(DataError, openDataset(broken));
        const Dataset light = openDataset(broken, options);
        QCOMPARE(light.size(), m_naip.size());
        QCOMPARE(light.embeddings.rows(), m_naip.size());
        QCOMPARE(light.embeddings.dim(), size_t(0));
        QCOMPARE(light.ids, m_naip.ids);
        QCOMPARE(light.ringCoords.size(), m_naip.ringCoords.size());
        // An embedding column (GeoPackage blob) is skipped too; the chips are the same.
        const std::string blob = m_dir + "/blob.gpkg";
        writeDataset(m_naip, blob);
        const Dataset skipped = openDataset(blob, options);
        QCOMPARE(skipped.ids, m_naip.ids);
        QCOMPARE(skipped.dim(), size_t(0));
        QCOMPARE(skipped.attributes.size(), openDataset(blob).attributes.size());
    }

    void firstOpenWritesLaterOpensMap()
    {
        const Dataset first = openDataset(m_gpkg, cached());
        QVERIFY2(first.embeddingCache.rfind("written to ", 0) == 0, first.embeddingCache.c_str());
        const Dataset second = openDataset(m_gpkg, cached());
        QVERIFY2(second.embeddingCache.rfind("read from ", 0) == 0, second.embeddingCache.c_str());
        QVERIFY(second.embeddings.external()); // mapped, not read
        QVERIFY(sameValues(second.embeddings, m_naip.embeddings));
        QCOMPARE(second.ids, m_naip.ids);
        // The mapping is private: normalising in place leaves the cache file as it was.
        Dataset third = openDataset(m_gpkg, cached());
        third.embeddings.normalizeRows();
        QVERIFY(sameValues(openDataset(m_gpkg, cached()).embeddings, m_naip.embeddings));
        // Copies own their values.
        const EmbeddingMatrix copy = second.embeddings;
        QVERIFY(!copy.external());
        QVERIFY(sameValues(copy, second.embeddings));
    }

    void float16Option()
    {
        const Dataset first = openDataset(m_gpkg, cached(EmbeddingCacheMode::Float16));
        QVERIFY(sameValues(first.embeddings, m_naip.embeddings)); // the first open is exact
        const Dataset second = openDataset(m_gpkg, cached(EmbeddingCacheMode::Float16));
        QVERIFY2(second.embeddingCache.rfind("read from ", 0) == 0, second.embeddingCache.c_str());
        QVERIFY(second.embeddingCache.find(".f16") != std::string::npos);
        double worst = 0;
        for (size_t i = 0; i < m_naip.embeddings.rows() * m_naip.embeddings.dim(); ++i) {
            const double a = m_naip.embeddings.data()[i], b = second.embeddings.data()[i];
            worst = std::max(worst, std::abs(a - b) / std::max(1e-3, std::abs(a)));
        }
        QVERIFY2(worst < 1e-3, qPrintable(QString::number(worst))); // half precision
    }

    void damagedForeignOrStaleCacheIsRebuilt()
    {
        const std::string path = openDataset(m_gpkg, cached()).embeddingCache;
        const std::string file = path.substr(path.find('/'));
        QVERIFY(std::filesystem::exists(file));
        const auto size = std::filesystem::file_size(file);

        // Damaged data (a sampled byte) and a damaged header: detected, rebuilt, right values.
        for (const std::streamoff at : {std::streamoff(4096), std::streamoff(20)}) {
            overwriteByte(file, at, char(0x7f));
            const Dataset rebuilt = openDataset(m_gpkg, cached());
            QVERIFY2(rebuilt.embeddingCache.rfind("rewritten (", 0) == 0,
                     rebuilt.embeddingCache.c_str());
            QVERIFY(sameValues(rebuilt.embeddings, m_naip.embeddings));
            QVERIFY(openDataset(m_gpkg, cached()).embeddingCache.rfind("read from ", 0) == 0);
        }
        // Truncated.
        std::filesystem::resize_file(file, size - 4);
        QVERIFY(openDataset(m_gpkg, cached()).embeddingCache.find("size") != std::string::npos);
        // Foreign: another dataset's cache file in its place.
        const std::string other = m_dir + "/other.gpkg";
        Dataset fewer = m_naip;
        DatasetWriteOptions write;
        write.embedding = DatasetWriteOptions::Embedding::Npy;
        writeDataset(fewer, other, write);
        const std::string otherCache = openDataset(other, cached()).embeddingCache;
        std::filesystem::copy_file(otherCache.substr(otherCache.find('/')), file,
                                   std::filesystem::copy_options::overwrite_existing);
        const Dataset foreign = openDataset(m_gpkg, cached());
        QVERIFY2(foreign.embeddingCache.find("another dataset") != std::string::npos,
                 foreign.embeddingCache.c_str());
        // Stale: the .npy changed since the cache was written.
        Dataset changed = m_naip;
        changed.embeddings.row(3)[0] += 1.0f;
        writeDataset(changed, m_gpkg, write);
        const Dataset stale = openDataset(m_gpkg, cached());
        QVERIFY2(stale.embeddingCache.find("source changed") != std::string::npos,
                 stale.embeddingCache.c_str());
        QCOMPARE(stale.embeddings.row(3)[0], changed.embeddings.row(3)[0]);
        writeDataset(m_naip, m_gpkg, write);
    }

    void cancelStopsTheLoadAndLeavesNoCache()
    {
        DatasetOpenOptions options = cached();
        options.embeddingCacheDirectory = m_dir + "/cancel-cache";
        Feedback feedback;
        feedback.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, openDataset(m_gpkg, options, &feedback));
        QVERIFY(!std::filesystem::exists(options.embeddingCacheDirectory) ||
                std::filesystem::is_empty(options.embeddingCacheDirectory));
        // Progress reaches 1 on a cold and on a warm open.
        for (int pass = 0; pass < 2; ++pass) {
            double last = 0;
            Feedback progress([&last](double f) { last = f; });
            openDataset(m_gpkg, options, &progress);
            QCOMPARE(last, 1.0);
        }
    }

    void unwritableCacheIsNoError()
    {
        DatasetOpenOptions options = cached();
        options.embeddingCacheDirectory = m_dir + "/file-not-folder";
        std::ofstream(options.embeddingCacheDirectory) << "x";
        const Dataset dataset = openDataset(m_gpkg, options);
        QVERIFY2(dataset.embeddingCache.rfind("not written", 0) == 0,
                 dataset.embeddingCache.c_str());
        QVERIFY(sameValues(dataset.embeddings, m_naip.embeddings));
    }
};

QTEST_GUILESS_MAIN(TestEmbeddingCache)
#include "tst_embeddingcache.moc"
