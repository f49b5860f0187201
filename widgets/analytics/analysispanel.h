#pragma once
// The embedding analysis panel (DESIGN §5): diversity of all chips, labeled chips, positives and
// a random set of the labeled size (table + histograms), coverage of all chips by the labeled set
// and by the random set (table + histograms), retrieval quality per strategy on a chosen ground
// truth (precision@k, recall@k, MAP@R with a chosen k): core's EmbeddingReport
// (metrics/embeddingreport.h), computed in the background (JobRunner) on request; exported as a
// PDF report (QPdfWriter: tables and histogram charts) plus the report's JSON (schema 1).
// Inputs are shared with the caller and must not change while a computation runs.

#include "metrics/audit.h"
#include "metrics/embeddingreport.h"

#include <QMap>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace chipfinder {

class FlatIndex;
class JobRunner;

class AnalysisPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AnalysisPanel(QWidget *parent = nullptr);
    ~AnalysisPanel() override;

    void setData(std::shared_ptr<const EmbeddingMatrix> embeddings, Metric metric,
                 std::vector<int64_t> labeled, std::vector<int64_t> positives);
    void setRetrievalData(std::shared_ptr<const FlatIndex> index,
                          QMap<QString, std::shared_ptr<const std::vector<uint8_t>>> truths);
    // Strategies to evaluate (default: the registry's); a factory replaces the registry.
    void setStrategies(const QStringList &names, StrategyFactory factory = {});
    void setK(int k);
    // Where the report gets the audit estimate ("how many are left", metrics/audit.h) when it is
    // exported; without one, or when it returns nullopt, the report has no such section.
    using AuditSource = std::function<std::optional<AuditEstimate>()>;
    void setAuditSource(AuditSource source) { m_auditSource = std::move(source); }

    void compute();
    void cancel();
    bool isRunning() const;
    const EmbeddingReport *report() const { return m_report.get(); }
    // Shows a report computed earlier (e.g. kept in a project) as if just computed.
    void showReport(std::shared_ptr<const EmbeddingReport> report);
    // The translated title of a report set key ("all", "labeled", "positives", "random"); other
    // keys are shown as they are.
    static QString setTitle(const std::string &key);

    // Writes the PDF report and the JSON figures; false + errorString() on failure.
    bool exportReport(const QString &pdfPath, const QString &jsonPath);
    QString errorString() const { return m_error; }

signals:
    void reportReady();
    void computeFailed(const QString &message);

private:
    void showReport();
    void exportWithDialog();
    void updateEnabled();
    // Charts built from the report (used by the panel and by the PDF).
    QChart *diversityChart() const;
    QChart *coverageChart() const;

    std::shared_ptr<const EmbeddingMatrix> m_embeddings;
    Metric m_metric = Metric::Cosine;
    std::vector<int64_t> m_labeled;
    std::vector<int64_t> m_positives;
    std::shared_ptr<const FlatIndex> m_index;
    QMap<QString, std::shared_ptr<const std::vector<uint8_t>>> m_truths;
    QStringList m_strategyNames;
    StrategyFactory m_factory;
    std::shared_ptr<const EmbeddingReport> m_report;
    QString m_error;
    AuditSource m_auditSource;

    QComboBox *m_truth = nullptr;
    QSpinBox *m_k = nullptr;
    QPushButton *m_compute = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_export = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTableWidget *m_diversityTable = nullptr;
    QTableWidget *m_coverageTable = nullptr;
    QTableWidget *m_retrievalTable = nullptr;
    QChartView *m_diversityView = nullptr;
    QChartView *m_coverageView = nullptr;
    JobRunner *m_jobs = nullptr;
};

} // namespace chipfinder
