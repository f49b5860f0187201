#pragma once
// The search controls: a strategy picker over the registry, a parameter form generated from the
// strategy's ParameterSpec list, the batch size, *Find similar*, *Audit round* and auto-run after
// each change.

#include "strategies/strategy.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSpinBox;

namespace chipfinder {

class StrategyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StrategyPanel(QWidget *parent = nullptr);

    QString strategy() const;
    void setStrategy(const QString &name);
    StrategyParameters parameters() const;
    // "key=value,..." of the current form (for saving) and back.
    QString parametersText() const;
    void setParametersText(const QString &text);
    int batchSize() const;
    void setBatchSize(int k);
    bool autoRun() const;
    void setAutoRun(bool on);
    void setSearchEnabled(bool enabled);

    // Translated title of a registry strategy / parameter label (core's English as fallback).
    static QString strategyTitle(const QString &name);

signals:
    void findSimilarRequested();
    void auditRequested(); // *Audit round*: a random sample to estimate the positives left
    // The analyst picked another strategy: the form shows its defaults until the owner applies
    // the parameters saved for it (setParametersText) in a handler of this signal.
    void strategyChanged(const QString &name);
    void settingsChanged();

private:
    void rebuildForm();

    QComboBox *m_strategy = nullptr;
    QLabel *m_description = nullptr;
    QFormLayout *m_form = nullptr;
    QWidget *m_formHost = nullptr;
    QSpinBox *m_batchSize = nullptr;
    QCheckBox *m_autoRun = nullptr;
    QPushButton *m_find = nullptr;
    QPushButton *m_audit = nullptr;
    std::vector<std::pair<ParameterSpec, QWidget *>> m_editors;
};

} // namespace chipfinder
