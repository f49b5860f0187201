#pragma once
// NumPy .npy matrices (format versions 1–3): the embeddings of footprints kept apart from them.
// Read: little-endian float16 / float32 / float64 ('<f2', '<f4', '<f8'), C order, 2-D N × D,
// converted to float32 row-major. Write: '<f4', version 1.0.
// Paths may be GDAL virtual paths (/vsimem/…). Errors: DataError naming the file, the header
// field ('descr', 'fortran_order', 'shape') and what was expected — missing file, bad magic,
// unsupported dtype (named), Fortran order, not 2-D, truncated data. Thread safety: reentrant.

#include "dataset/embeddingmatrix.h"

#include <string>

namespace chipfinder {

class Feedback;

// Progress and cancel (CanceledError) through `feedback` while the values are read.
EmbeddingMatrix readNpy(const std::string &path, Feedback *feedback = nullptr);
void writeNpy(const std::string &path, const EmbeddingMatrix &matrix);

} // namespace chipfinder
