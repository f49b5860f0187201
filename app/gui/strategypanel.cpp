#include "strategypanel.h"

#include "strategies/strategyregistry.h"
#include "strategytext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace chipfinder {

namespace {
// Strategy titles, descriptions and parameter labels come from core in English; i18n/strategytext
// lists them for translation (context "strategy").
QString translated(const std::string &text)
{
    return i18n::strategyText(text);
}
} // namespace

QString StrategyPanel::strategyTitle(const QString &name)
{
    return i18n::strategyTitle(name.toStdString());
}

StrategyPanel::StrategyPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QFormLayout;
    m_strategy = new QComboBox(this);
    m_strategy->setObjectName(QStringLiteral("strategyCombo"));
    for (const std::string &name : StrategyRegistry::instance().names()) {
        const QString key = QString::fromStdString(name);
        m_strategy->addItem(strategyTitle(key), key);
    }
    top->addRow(tr("&Strategy:"), m_strategy);
    m_batchSize = new QSpinBox(this);
    m_batchSize->setObjectName(QStringLiteral("batchSize"));
    m_batchSize->setRange(1, 1000);
    m_batchSize->setValue(25);
    m_batchSize->setToolTip(tr("How many candidates each round proposes"));
    top->addRow(tr("&Batch size:"), m_batchSize);
    layout->addLayout(top);

    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_description->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->addWidget(m_description);

    m_formHost = new QWidget(this);
    m_form = new QFormLayout(m_formHost);
    m_form->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_formHost);

    m_autoRun = new QCheckBox(tr("Search again after every label &change"), this);
    m_autoRun->setObjectName(QStringLiteral("autoRun"));
    layout->addWidget(m_autoRun);
    m_find = new QPushButton(tr("&Find similar"), this);
    m_find->setObjectName(QStringLiteral("findSimilar"));
    m_find->setToolTip(tr("Run the strategy on the current labels (Ctrl+F)"));
    m_audit = new QPushButton(tr("A&udit round"), this);
    m_audit->setObjectName(QStringLiteral("auditRound"));
    m_audit->setToolTip(tr("Propose a random sample of unlabeled chips (the batch size), "
                           "stratified by score: reviewed like any round, it estimates how many "
                           "positives are left (Ctrl+Shift+A)"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_find, 1);
    buttons->addWidget(m_audit);
    layout->addLayout(buttons);
    layout->addStretch(1);

    if (m_strategy->count() == 0) {
        m_strategy->setEnabled(false);
        m_description->setText(tr("No search strategies are available in this build."));
    }
    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this] {
        rebuildForm();
        emit strategyChanged(strategy());
        emit settingsChanged();
    });
    connect(m_batchSize, &QSpinBox::valueChanged, this, &StrategyPanel::settingsChanged);
    connect(m_autoRun, &QCheckBox::toggled, this, &StrategyPanel::settingsChanged);
    connect(m_find, &QPushButton::clicked, this, &StrategyPanel::findSimilarRequested);
    connect(m_audit, &QPushButton::clicked, this, &StrategyPanel::auditRequested);
    rebuildForm();
}

void StrategyPanel::rebuildForm()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    const StrategyInfo *info = StrategyRegistry::instance().find(strategy().toStdString());
    if (!info) {
        m_find->setEnabled(false);
        return;
    }
    m_description->setText(translated(info->description));
    for (const ParameterSpec &spec : info->parameters) {
        QWidget *editor = nullptr;
        switch (spec.kind) {
        case ParameterSpec::Kind::Real: {
            auto *box = new QDoubleSpinBox(m_formHost);
            const double span = spec.maximum - spec.minimum;
            box->setDecimals(span <= 1.0 ? 3 : 2);
            box->setRange(spec.minimum, spec.maximum);
            box->setSingleStep(span > 0 ? std::pow(10.0, std::floor(std::log10(span)) - 1) : 0.1);
            box->setValue(spec.defaultValue);
            connect(box, &QDoubleSpinBox::valueChanged, this, &StrategyPanel::settingsChanged);
            editor = box;
            break;
        }
        case ParameterSpec::Kind::Integer: {
            auto *box = new QSpinBox(m_formHost);
            box->setRange(int(spec.minimum), int(std::min(spec.maximum, 2.0e9)));
            box->setValue(int(spec.defaultValue));
            connect(box, &QSpinBox::valueChanged, this, &StrategyPanel::settingsChanged);
            editor = box;
            break;
        }
        case ParameterSpec::Kind::Boolean: {
            auto *box = new QCheckBox(m_formHost);
            box->setChecked(spec.defaultValue != 0.0);
            connect(box, &QCheckBox::toggled, this, &StrategyPanel::settingsChanged);
            editor = box;
            break;
        }
        case ParameterSpec::Kind::Choice: {
            auto *box = new QComboBox(m_formHost);
            for (size_t i = 0; i < spec.choices.size(); ++i) {
                const std::string &choice = spec.choices[i];
                const QString label = i < spec.choiceLabels.size()
                                          ? translated(spec.choiceLabels[i])
                                      : StrategyRegistry::instance().find(choice)
                                          ? strategyTitle(QString::fromStdString(choice))
                                          : QString::fromStdString(choice);
                box->addItem(label, QString::fromStdString(choice));
            }
            box->setCurrentIndex(
                std::max(0, box->findData(QString::fromStdString(spec.defaultChoice))));
            connect(box, &QComboBox::currentIndexChanged, this, &StrategyPanel::settingsChanged);
            editor = box;
            break;
        }
        }
        editor->setObjectName(QString::fromStdString(spec.key));
        editor->setToolTip(translated(spec.description));
        m_form->addRow(translated(spec.label) + QLatin1Char(':'), editor);
        m_editors.emplace_back(spec, editor);
    }
    m_find->setEnabled(true);
}

QString StrategyPanel::strategy() const
{
    return m_strategy->currentData().toString();
}

void StrategyPanel::setStrategy(const QString &name)
{
    const int index = m_strategy->findData(name);
    if (index >= 0)
        m_strategy->setCurrentIndex(index);
}

StrategyParameters StrategyPanel::parameters() const
{
    StrategyParameters parameters;
    for (const auto &[spec, editor] : m_editors) {
        QString value;
        if (auto *d = qobject_cast<QDoubleSpinBox *>(editor))
            value = QString::number(d->value(), 'g', 10);
        else if (auto *i = qobject_cast<QSpinBox *>(editor))
            value = QString::number(i->value());
        else if (auto *c = qobject_cast<QCheckBox *>(editor))
            value = c->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
        else if (auto *box = qobject_cast<QComboBox *>(editor))
            value = box->currentData().toString();
        parameters.set(spec.key, value.toStdString());
    }
    return parameters;
}

QString StrategyPanel::parametersText() const
{
    QStringList parts;
    const StrategyParameters current = parameters(); // values() refers into it: keep it alive
    for (const auto &[key, value] : current.values())
        parts << QString::fromStdString(key) + QLatin1Char('=') + QString::fromStdString(value);
    return parts.join(QLatin1Char(','));
}

void StrategyPanel::setParametersText(const QString &text)
{
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        const std::string key = part.left(eq).toStdString();
        const QString value = part.mid(eq + 1);
        for (const auto &[spec, editor] : m_editors) {
            if (spec.key != key)
                continue;
            if (auto *d = qobject_cast<QDoubleSpinBox *>(editor))
                d->setValue(value.toDouble());
            else if (auto *i = qobject_cast<QSpinBox *>(editor))
                i->setValue(value.toInt());
            else if (auto *c = qobject_cast<QCheckBox *>(editor))
                c->setChecked(value == QLatin1String("true"));
            else if (auto *box = qobject_cast<QComboBox *>(editor))
                box->setCurrentIndex(std::max(0, box->findData(value)));
        }
    }
}

int StrategyPanel::batchSize() const
{
    return m_batchSize->value();
}

void StrategyPanel::setBatchSize(int k)
{
    m_batchSize->setValue(k);
}

bool StrategyPanel::autoRun() const
{
    return m_autoRun->isChecked();
}

void StrategyPanel::setAutoRun(bool on)
{
    m_autoRun->setChecked(on);
}

void StrategyPanel::setSearchEnabled(bool enabled)
{
    m_find->setEnabled(enabled && StrategyRegistry::instance().find(strategy().toStdString()));
    m_audit->setEnabled(enabled);
}

} // namespace chipfinder
