// libFuzzer harness: the GeoParquet reader (DuckDB) on arbitrary bytes written to a .parquet
// file must return a dataset whose columns agree or throw DataError; any crash, hang, sanitizer
// report or other exception is a finding. Each input opens and closes DuckDB once, so the error
// paths' teardown order (result, connection, database) is exercised on every rejected file.

#include "common/errors.h"
#include "dataset/geoparquetreader.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // DuckDB reads real files only; one per fuzzing process.
    static const std::string path =
        "/tmp/chipfinder-fuzz-" + std::to_string(::getpid()) + ".parquet";
    FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
        std::abort();
    if (size > 0 && std::fwrite(data, 1, size, file) != size)
        std::abort();
    std::fclose(file);
    try {
        const chipfinder::Dataset dataset = chipfinder::GeoParquetReader::read(path, {}, nullptr);
        if (dataset.embeddings.rows() != dataset.ids.size() ||
            dataset.bounds.size() != dataset.ids.size() ||
            dataset.ringOffsets.size() != dataset.ids.size() + 1)
            std::abort();
    } catch (const chipfinder::DataError &) {
    }
    std::remove(path.c_str());
    return 0;
}
