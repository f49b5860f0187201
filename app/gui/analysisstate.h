#pragma once
// The last analysis results of a project, kept in it as blobs so that reopening shows them
// again: the recall simulation (SimulationResult, "analysis:simulation") and the embedding
// analysis (EmbeddingReport, "analysis:report"). Binary (QDataStream, versioned); decoding
// returns nullopt for a blob of another format or version, or one cut short.

#include "metrics/embeddingreport.h"
#include "simulation/simulation.h"

#include <QByteArray>

#include <optional>

namespace chipfinder::analysisstate {

inline constexpr const char *SimulationKey = "analysis:simulation";
inline constexpr const char *ReportKey = "analysis:report";

QByteArray encodeSimulation(const SimulationResult &result);
std::optional<SimulationResult> decodeSimulation(const QByteArray &blob);

QByteArray encodeReport(const EmbeddingReport &report);
std::optional<EmbeddingReport> decodeReport(const QByteArray &blob);

} // namespace chipfinder::analysisstate
