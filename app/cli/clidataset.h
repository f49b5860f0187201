#pragma once
// Helpers shared by the dataset subcommands of chipfinder-cli: the common dataset options
// (embedding column, id column, layer, .npy matrix, raster chip size), opening the dataset with
// them, chip id lists, ground truth from a column or a polygon layer, and writing text output to
// a file or stdout. Errors are thrown as chipfinder::UsageError / DataError with a message naming
// the option, file or field; main() prints them and exits non-zero.

#include "dataset/dataset.h"
#include "dataset/datasetreader.h"
#include "search/searchtypes.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace chipfinder {
class Feedback;
}

namespace chipfinder::cli {

// Adds --embedding-column, --id-column, --layer, --npy, --npy-id-column, --embedding-cache,
// --chip-size, --chip-size-m, --crs, --blob-type, --strict, --no-dequantize.
void addDatasetOptions(QCommandLineParser &parser);
// Those options as given (defaults where not set).
DatasetOpenOptions datasetOptions(const QCommandLineParser &parser);
// Opens the DATASET positional argument with those options (progress on stderr as
// CliProgress shows it); skipped rows are reported on stderr. loadEmbeddings false: without
// the embeddings (an N × 0 matrix).
Dataset openDatasetFromOptions(const QCommandLineParser &parser, const QString &path,
                               bool loadEmbeddings = true);

// The dataset's own matrix for a search index of `metric`, without a copy: for cosine its rows
// are normalised in place (the dataset's embeddings are then unit rows). The pointer does not
// own: the dataset must outlive every index made from it.
std::shared_ptr<const EmbeddingMatrix> searchMatrix(Dataset &dataset, Metric metric);

// Parses the common "--help" / unknown option handling. Returns -1 to go on, else an exit code
// (0 after printing help, 2 after printing the parse error or a wrong number of arguments).
int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, int positionals,
                const QString &positionalNames);

// Chip ids separated by commas → row indices; throws UsageError naming `option` and the first
// unknown id. Duplicates are dropped.
std::vector<int64_t> chipIndices(const Dataset &dataset, const QString &ids, const QString &option);

// Ids of any characters (commas, spaces, bytes that are not UTF-8): adds --OPTION-file FILE, a
// file of chip ids, one per line, taken byte for byte (a trailing CR is dropped, empty lines
// are skipped), besides the comma-separated --OPTION.
void addIdsFileOption(QCommandLineParser &parser, const QString &option, const QString &help);
// Whether --OPTION or --OPTION-file is given (addIdsFileOption must have added the latter).
bool idsGiven(const QCommandLineParser &parser, const QString &option);
// The ids of --OPTION (comma-separated, trimmed, repeatable) and of --OPTION-file, in order;
// DataError naming the file if it cannot be read.
std::vector<std::string> givenIds(const QCommandLineParser &parser, const QString &option);
// Ids → row indices; UsageError naming `option` and the first unknown id (bytes that are not
// UTF-8 shown as \xNN). Duplicates are dropped.
std::vector<int64_t> chipIndices(const Dataset &dataset, const std::vector<std::string> &ids,
                                 const QString &option);
// An id for a message: as it is when UTF-8, else with each stray byte shown as \xNN.
QString printableId(const std::string &id);

// One flag per chip from a column (truthFromColumn: 1/0, true/false, yes/no); throws UsageError
// naming the known columns if the column does not exist, DataError naming row and column on a
// value that is not a flag.
std::vector<uint8_t> truthFromColumnText(const Dataset &dataset, const QString &column);

// Adds --truth COLUMN, --truth-polygons FILE, --truth-layer NAME, --min-coverage FRACTION.
void addTruthOptions(QCommandLineParser &parser);
bool hasTruthOption(const QCommandLineParser &parser);
// The truth from those options; `description` (optional) says where it came from.
std::vector<uint8_t> truthFromOptions(const QCommandLineParser &parser, const Dataset &dataset,
                                      QString *description = nullptr);

// Parses "cosine" | "euclidean" with a message naming the option.
Metric metricOption(const QCommandLineParser &parser, const QString &option);
// Parses a non-negative integer / a real number option with a message naming the option. NaN is
// never a number in range.
size_t sizeOption(const QCommandLineParser &parser, const QString &option, size_t minimum = 0,
                  size_t maximum = SIZE_MAX);
double realOption(const QCommandLineParser &parser, const QString &option, double minimum,
                  double maximum);

// Writes text to `path` through AtomicFile (complete or not at all), or to stdout when path is
// empty or "-". Throws DataError.
void writeText(const QString &path, const QByteArray &text);

// Refuses (UsageError, before any work) an output option that names an input of the command —
// the DATASET argument, --npy, --truth-polygons when `truthOptions` — or another of the
// outputs: an output never overwrites an input.
// `datasetOptions`: the parser has addDatasetOptions()' --npy.
// Each output (but "-") must also be a file name in an existing folder, not a folder itself:
// DataError naming the option otherwise, before any work.
void refuseOutputsOverInputs(const QCommandLineParser &parser, const QStringList &outputOptions,
                             bool truthOptions, bool datasetOptions = true);
// A folder the command will create or fill (`option` names it in the error): an existing
// folder, or a path whose nearest existing parent is a folder; DataError otherwise.
void checkOutputFolder(const QString &path, const QString &option);

} // namespace chipfinder::cli
