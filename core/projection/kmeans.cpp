#include "projection/kmeans.h"

#include "common/errors.h"
#include "common/feedback.h"

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>

#include <algorithm>
#include <string>

namespace chipfinder {

KMeansResult kmeans(const EmbeddingMatrix &embeddings, size_t k, Metric metric, uint64_t seed,
                    int iterations, Feedback *feedback)
{
    const size_t n = embeddings.rows(), dim = embeddings.dim();
    if (k < 1 || k > n)
        throw UsageError("k-means: k must be in 1.." + std::to_string(n));
    EmbeddingMatrix normalised;
    const EmbeddingMatrix *rows = &embeddings;
    if (metric == Metric::Cosine && !embeddings.rowsNormalized()) {
        normalised = embeddings;
        normalised.normalizeRows();
        rows = &normalised;
    }
    if (feedback)
        feedback->throwIfCanceled();

    faiss::ClusteringParameters parameters;
    parameters.niter = std::max(1, iterations);
    parameters.seed = int(seed & 0x7fffffff);
    parameters.verbose = false;
    faiss::Clustering clustering(int(dim), int(k), parameters);
    faiss::IndexFlatL2 index{faiss::Index::idx_t(dim)};
    clustering.train(faiss::Index::idx_t(n), rows->data(), index);
    if (feedback) {
        feedback->setProgress(0.5);
        feedback->throwIfCanceled();
    }

    KMeansResult result;
    result.centroids = EmbeddingMatrix(
        k, dim, std::vector<float>(clustering.centroids.begin(), clustering.centroids.end()));
    result.assignment.resize(n);
    result.sizes.assign(k, 0);
    constexpr size_t block = 8192;
    std::vector<float> distances(block);
    std::vector<faiss::Index::idx_t> labels(block);
    for (size_t start = 0; start < n; start += block) {
        const size_t count = std::min(block, n - start);
        index.search(faiss::Index::idx_t(count), rows->data() + start * dim, 1, distances.data(),
                     labels.data());
        for (size_t i = 0; i < count; ++i) {
            const auto cluster = std::max<faiss::Index::idx_t>(0, labels[i]);
            result.assignment[start + i] = int32_t(cluster);
            ++result.sizes[size_t(cluster)];
            result.objective += distances[i];
        }
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(0.5 + 0.5 * double(start + count) / double(n));
        }
    }
    return result;
}

} // namespace chipfinder
