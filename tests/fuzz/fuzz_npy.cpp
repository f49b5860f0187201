// libFuzzer harness: readNpy on arbitrary bytes must return a matrix whose size fits the input
// or throw DataError; any crash, sanitizer report, leak or other exception is a finding.

#include "common/errors.h"
#include "dataset/npyfile.h"

#include <cpl_vsi.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = "/vsimem/fuzz.npy";
    VSILFILE *file = VSIFileFromMemBuffer(path, const_cast<GByte *>(data), size, FALSE);
    VSIFCloseL(file);
    try {
        const chipfinder::EmbeddingMatrix matrix = chipfinder::readNpy(path);
        // float16 is the smallest item: the data needs at least 2 bytes per value.
        if (matrix.rows() * matrix.dim() * 2 > size)
            std::abort();
    } catch (const chipfinder::DataError &) {
    }
    VSIUnlink(path);
    return 0;
}
