#pragma once
// k-means clustering of embedding rows with FAISS (faiss::Clustering, exact IndexFlatL2
// assignment), for colouring a scatter plot by cluster.
// Rows are chips (N × D row-major float32); Cosine clusters L2-normalised rows. FAISS trains on
// at most 256 rows per centroid (its default subsample), then every row is assigned.
// Deterministic for a given seed with one OpenMP thread; with more, FAISS may differ in the last
// digits. Errors: UsageError if k < 1 or k > N. Cancel is checked between the training and the
// assignment blocks (FAISS's own loop cannot be interrupted from here).

#include "dataset/embeddingmatrix.h"
#include "search/searchtypes.h"

#include <cstdint>
#include <vector>

namespace chipfinder {

class Feedback;

struct KMeansResult
{
    std::vector<int32_t> assignment; // N: cluster of each row, 0..k−1
    EmbeddingMatrix centroids;       // k × D (in the normalised space for Cosine)
    std::vector<size_t> sizes;       // k: rows per cluster
    double objective = 0.0;          // sum of squared distances to the assigned centroid
};

KMeansResult kmeans(const EmbeddingMatrix &embeddings, size_t k, Metric metric,
                    uint64_t seed = 1234, int iterations = 20, Feedback *feedback = nullptr);

} // namespace chipfinder
