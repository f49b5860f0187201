#include "gui/analysisstate.h"

#include <QDataStream>
#include <QIODevice>

#include <type_traits>

namespace chipfinder::analysisstate {

namespace {
constexpr quint32 SimulationMagic = 0x43465349; // "CFSI"
constexpr quint32 ReportMagic = 0x43464552;     // "CFER"
constexpr quint32 Version = 1;

// Symmetric field-by-field (de)serialisation: io(stream, value) writes with a writing stream
// and reads with a reading one.
template <typename T> void io(QDataStream &s, T &value)
{
    if constexpr (std::is_same_v<T, bool>) {
        if (s.device()->openMode() & QIODevice::WriteOnly) {
            s << value;
        } else {
            s >> value;
        }
    } else if constexpr (std::is_enum_v<T>) {
        qint32 v = qint32(value);
        io(s, v);
        value = T(v);
    } else if constexpr (std::is_integral_v<T>) {
        qint64 v = qint64(value);
        if (s.device()->openMode() & QIODevice::WriteOnly) {
            s << v;
        } else {
            s >> v;
            value = T(v);
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        double v = double(value);
        if (s.device()->openMode() & QIODevice::WriteOnly) {
            s << v;
        } else {
            s >> v;
            value = T(v);
        }
    } else {
        value.serialize(s); // not used: every type below has an overload
    }
}

bool writing(QDataStream &s)
{
    return s.device()->openMode() & QIODevice::WriteOnly;
}

void io(QDataStream &s, std::string &value)
{
    QByteArray bytes = QByteArray::fromStdString(value);
    if (writing(s))
        s << bytes;
    else {
        s >> bytes;
        value = bytes.toStdString();
    }
}

template <typename T> void io(QDataStream &s, std::vector<T> &values);
template <typename T> void io(QDataStream &s, std::optional<T> &value);

void io(QDataStream &s, AuditPoint &p)
{
    io(s, p.iteration);
    io(s, p.estimate);
    io(s, p.low);
    io(s, p.high);
    io(s, p.trueRemaining);
    io(s, p.recallEstimate);
    io(s, p.covered);
}

void io(QDataStream &s, RunTrace &r)
{
    io(s, r.run);
    io(s, r.seed);
    io(s, r.recall);
    io(s, r.labelsSpent);
    io(s, r.batchPrecision);
    io(s, r.iterationsToThreshold);
    io(s, r.audit);
}

void io(QDataStream &s, StrategyResult &r)
{
    io(s, r.strategy);
    io(s, r.reference);
    io(s, r.runs);
}

void io(QDataStream &s, SimulationConfig &c)
{
    io(s, c.strategies);
    qint64 count = qint64(c.parameters.size());
    io(s, count);
    if (writing(s)) {
        for (auto &[name, parameters] : c.parameters) {
            std::string key = name;
            io(s, key);
            qint64 n = qint64(parameters.values().size());
            io(s, n);
            for (const auto &[k, v] : parameters.values()) {
                std::string kk = k, vv = v;
                io(s, kk);
                io(s, vv);
            }
        }
    } else {
        c.parameters.clear();
        for (qint64 i = 0; i < count && s.status() == QDataStream::Ok; ++i) {
            std::string name;
            io(s, name);
            qint64 n = 0;
            io(s, n);
            StrategyParameters parameters;
            for (qint64 j = 0; j < n && s.status() == QDataStream::Ok; ++j) {
                std::string k, v;
                io(s, k);
                io(s, v);
                parameters.set(k, v);
            }
            c.parameters[name] = parameters;
        }
    }
    io(s, c.runs);
    io(s, c.batch);
    io(s, c.startPositives);
    io(s, c.startNegatives);
    io(s, c.threshold);
    io(s, c.maxIterations);
    io(s, c.labelNoise);
    io(s, c.seed);
    io(s, c.references);
    io(s, c.auditSize);
    io(s, c.auditEvery);
    io(s, c.auditLevel);
}

void io(QDataStream &s, Histogram &h)
{
    io(s, h.lower);
    io(s, h.upper);
    io(s, h.counts);
}

void io(QDataStream &s, DistanceSummary &d)
{
    io(s, d.count);
    io(s, d.mean);
    io(s, d.min);
    io(s, d.max);
    io(s, d.distances);
}

void io(QDataStream &s, SetDistances &d)
{
    io(s, d.key);
    io(s, d.members);
    io(s, d.sampled);
    io(s, d.measured);
    io(s, d.summary);
    io(s, d.histogram);
}

void io(QDataStream &s, RetrievalQuality &q)
{
    io(s, q.strategy);
    io(s, q.precisionAtK);
    io(s, q.recallAtK);
    io(s, q.mapAtR);
    io(s, q.queries);
}

void io(QDataStream &s, RetrievalReport &r)
{
    io(s, r.status);
    io(s, r.truthName);
    io(s, r.truePositives);
    io(s, r.k);
    io(s, r.queries);
    io(s, r.startPositives);
    io(s, r.startNegatives);
    io(s, r.strategies);
}

template <typename T> void io(QDataStream &s, std::vector<T> &values)
{
    qint64 count = qint64(values.size());
    io(s, count);
    if (!writing(s)) {
        values.clear();
        // A count beyond what the blob can hold is a broken blob, not an allocation.
        if (count < 0 || count > s.device()->size()) {
            s.setStatus(QDataStream::ReadCorruptData);
            return;
        }
        values.resize(size_t(count));
    }
    for (T &value : values) {
        if (s.status() != QDataStream::Ok)
            return;
        io(s, value);
    }
}

template <typename T> void io(QDataStream &s, std::optional<T> &value)
{
    bool present = value.has_value();
    io(s, present);
    if (!writing(s))
        value = present ? std::optional<T>(T{}) : std::nullopt;
    if (present)
        io(s, *value);
}

template <typename T, typename Body> QByteArray encode(quint32 magic, T value, Body body)
{
    QByteArray blob;
    QDataStream s(&blob, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_0);
    s << magic << Version;
    body(s, value);
    return blob;
}

template <typename T, typename Body>
std::optional<T> decode(quint32 magic, const QByteArray &blob, Body body)
{
    QDataStream s(blob);
    s.setVersion(QDataStream::Qt_6_0);
    quint32 m = 0, version = 0;
    s >> m >> version;
    if (m != magic || version != Version)
        return std::nullopt;
    T value;
    body(s, value);
    if (s.status() != QDataStream::Ok || !s.atEnd())
        return std::nullopt;
    return value;
}
} // namespace

QByteArray encodeSimulation(const SimulationResult &result)
{
    return encode(SimulationMagic, result, [](QDataStream &s, SimulationResult &r) {
        io(s, r.config);
        io(s, r.chips);
        io(s, r.truePositives);
        io(s, r.strategies);
    });
}

std::optional<SimulationResult> decodeSimulation(const QByteArray &blob)
{
    return decode<SimulationResult>(SimulationMagic, blob, [](QDataStream &s, SimulationResult &r) {
        io(s, r.config);
        io(s, r.chips);
        io(s, r.truePositives);
        io(s, r.strategies);
    });
}

namespace {
void reportBody(QDataStream &s, EmbeddingReport &r)
{
    io(s, r.dataset);
    io(s, r.chips);
    io(s, r.dim);
    io(s, r.metric);
    io(s, r.seed);
    io(s, r.sampleLimit);
    io(s, r.bins);
    io(s, r.selected);
    io(s, r.diversity);
    io(s, r.coverage);
    io(s, r.retrieval);
}
} // namespace

QByteArray encodeReport(const EmbeddingReport &report)
{
    return encode(ReportMagic, report, reportBody);
}

std::optional<EmbeddingReport> decodeReport(const QByteArray &blob)
{
    return decode<EmbeddingReport>(ReportMagic, blob, reportBody);
}

} // namespace chipfinder::analysisstate
