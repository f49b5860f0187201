// LabelHistory: undo/redo of label changes, one step per user action, applied through the
// ProjectStore so that the file always matches what the user sees.

#include "common/errors.h"
#include "project/labelhistory.h"
#include "project/projectstore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>
#include <stdexcept>

using namespace chipfinder;

namespace {

Label makeLabel(const std::string &id, LabelValue value, LabelSource source = LabelSource::Click)
{
    Label label;
    label.chipId = id;
    label.chip = int64_t(std::hash<std::string>{}(id) % 100000);
    label.value = value;
    label.source = source;
    label.round = 1;
    label.labeledAtMs = 1763900000000 + label.chip;
    if (source == LabelSource::Accepted || source == LabelSource::Rejected) {
        label.score = 0.75;
        label.strategy = "centroid";
    }
    return label;
}

// "a=positive b=negative" of the labels, sorted by chip id.
QString describe(const std::vector<Label> &labels)
{
    std::map<std::string, std::string> sorted;
    for (const auto &label : labels)
        sorted[label.chipId] = labelValueName(label.value);
    QStringList parts;
    for (const auto &[id, value] : sorted)
        parts << QString::fromStdString(id + "=" + value);
    return parts.join(' ');
}

// An in-memory label table standing in for the store in pure history tests.
struct Table
{
    std::map<std::string, Label> labels;
    int applyCalls = 0;
    bool failNext = false;

    LabelHistory history()
    {
        return LabelHistory(
            [this](const std::string &id) -> std::optional<Label> {
                auto it = labels.find(id);
                return it == labels.end() ? std::nullopt : std::optional<Label>(it->second);
            },
            [this](std::span<const LabelChange> changes) {
                if (failNext) {
                    failNext = false;
                    throw std::runtime_error("disk full");
                }
                ++applyCalls;
                for (const auto &change : changes) {
                    if (change.label)
                        labels[change.chipId] = *change.label;
                    else
                        labels.erase(change.chipId);
                }
            });
    }
    std::vector<Label> all() const
    {
        std::vector<Label> result;
        for (const auto &[id, label] : labels)
            result.push_back(label);
        return result;
    }
};

// Runs a script of space-separated operations:
//   +a  label a positive    -a  label a negative    0a  clear a
//   [a,b,c]+  /  [a,b,c]-  /  [a,b,c]0   one box-select step over several chips
//   u  undo    r  redo
void runScript(LabelHistory &history, const QString &script)
{
    for (const QString &op : script.split(' ', Qt::SkipEmptyParts)) {
        if (op == "u") {
            history.undo();
            continue;
        }
        if (op == "r") {
            history.redo();
            continue;
        }
        QStringList ids;
        QChar kind;
        if (op.startsWith('[')) {
            const int close = op.indexOf(']');
            ids = op.mid(1, close - 1).split(',');
            kind = op.at(close + 1);
        } else {
            kind = op.at(0);
            ids << op.mid(1);
        }
        std::vector<LabelChange> changes;
        for (const QString &id : ids) {
            const std::string chip = id.toStdString();
            if (kind == '0')
                changes.push_back({chip, std::nullopt});
            else
                changes.push_back({chip, makeLabel(chip, kind == '+' ? LabelValue::Positive
                                                                     : LabelValue::Negative)});
        }
        history.apply(changes, op.toStdString());
    }
}

} // namespace

class TestLabelHistory : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/labelhistory-XXXXXX")};
    int m_counter = 0;
    std::string newPath()
    {
        return QDir(m_dir.path())
            .filePath(QStringLiteral("h-%1.gpkg").arg(++m_counter))
            .toStdString();
    }

private slots:
    void sequences_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("canUndo");
        QTest::addColumn<bool>("canRedo");
        QTest::newRow("nothing") << ""
                                 << "" << false << false;
        QTest::newRow("one click") << "+a"
                                   << "a=positive" << true << false;
        QTest::newRow("click, undo") << "+a u"
                                     << "" << false << true;
        QTest::newRow("click, undo, redo") << "+a u r"
                                           << "a=positive" << true << false;
        QTest::newRow("relabel, undo") << "+a -a u"
                                       << "a=positive" << true << true;
        QTest::newRow("clear, undo") << "+a 0a u"
                                     << "a=positive" << true << true;
        QTest::newRow("undo past start") << "+a u u u"
                                         << "" << false << true;
        QTest::newRow("redo past end") << "+a -b u u r r r"
                                       << "a=positive b=negative" << true << false;
        QTest::newRow("box select undone as one") << "+a [a,b,c]- u"
                                                  << "a=positive" << true << true;
        QTest::newRow("box select redone as one")
            << "+a [a,b,c]- u r"
            << "a=negative b=negative c=negative" << true << false;
        QTest::newRow("box clear") << "[a,b,c]+ -d [a,b,d]0"
                                   << "c=positive" << true << false;
        QTest::newRow("box clear undone")
            << "[a,b,c]+ -d [a,b,d]0 u"
            << "a=positive b=positive c=positive d=negative" << true << true;
        QTest::newRow("new change clears redo") << "+a +b u u -c"
                                                << "c=negative" << true << false;
        QTest::newRow("redo after new change is a no-op")
            << "+a +b u -c r"
            << "a=positive c=negative" << true << false;
        QTest::newRow("no-op clear not recorded") << "0a"
                                                  << "" << false << false;
        QTest::newRow("undo everything") << "+a -b [c,d]+ 0a u u u u"
                                         << "" << false << true;
    }
    void sequences()
    {
        QFETCH(QString, script);
        QFETCH(QString, state);
        QFETCH(bool, canUndo);
        QFETCH(bool, canRedo);
        Table table;
        LabelHistory history = table.history();
        runScript(history, script);
        QCOMPARE(describe(table.all()), state);
        QCOMPARE(history.canUndo(), canUndo);
        QCOMPARE(history.canRedo(), canRedo);
    }

    void boxSelectIsOneStepAndRestoresExactly()
    {
        Table table;
        LabelHistory history = table.history();
        // Earlier labels of different sources, scores and rounds.
        const Label accepted = makeLabel("chip-3", LabelValue::Positive, LabelSource::Accepted);
        const Label imported = makeLabel("chip-7", LabelValue::Negative, LabelSource::Imported);
        history.apply(std::vector<LabelChange>{{"chip-3", accepted}, {"chip-7", imported}},
                      "import");
        std::vector<LabelChange> box;
        for (int i = 0; i < 40; ++i) {
            const std::string id = "chip-" + std::to_string(i);
            box.push_back({id, makeLabel(id, LabelValue::Negative)});
        }
        const auto applied = history.apply(box, "Label 40 chips negative");
        QCOMPARE(applied.size(), size_t(40));
        QCOMPARE(history.undoDescription(), std::string("Label 40 chips negative"));
        QCOMPARE(table.labels.size(), size_t(40));
        const int calls = table.applyCalls;
        const auto reverted = history.undo();
        QCOMPARE(table.applyCalls, calls + 1); // one transaction for the whole box
        QCOMPARE(reverted.size(), applied.size());
        QCOMPARE(table.labels.size(), size_t(2));
        const Label &restored = table.labels.at("chip-3");
        QCOMPARE(restored.source, LabelSource::Accepted);
        QCOMPARE(restored.score, 0.75);
        QCOMPARE(restored.strategy, std::string("centroid"));
        QCOMPARE(table.labels.at("chip-7").source, LabelSource::Imported);
        QCOMPARE(history.redoDescription(), std::string("Label 40 chips negative"));
        QCOMPARE(history.undoDescription(), std::string("import"));
    }

    void sameChipTwiceInOneStepCollapses()
    {
        Table table;
        LabelHistory history = table.history();
        history.apply(std::vector<LabelChange>{{"a", makeLabel("a", LabelValue::Positive)}}, "1");
        history.apply(std::vector<LabelChange>{{"a", makeLabel("a", LabelValue::Negative)},
                                               {"a", std::nullopt},
                                               {"a", makeLabel("a", LabelValue::Negative)}},
                      "2");
        QCOMPARE(history.undoStep()->size(), size_t(1));
        QCOMPARE(history.undoStep()->front().before->value, LabelValue::Positive);
        QCOMPARE(history.undoStep()->front().after->value, LabelValue::Negative);
        history.undo();
        QCOMPARE(table.labels.at("a").value, LabelValue::Positive);
        // A step that ends where it started is not recorded.
        const auto none = history.apply(
            std::vector<LabelChange>{{"a", std::nullopt}, {"a", table.labels.at("a")}}, "3");
        QVERIFY(none.empty());
        QVERIFY(history.canRedo()); // an empty step does not clear redo
    }

    void failedApplyLeavesHistoryUnchanged()
    {
        Table table;
        LabelHistory history = table.history();
        runScript(history, "+a -b u");
        table.failNext = true;
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error,
            history.apply(std::vector<LabelChange>{{"c", makeLabel("c", LabelValue::Positive)}},
                          "c"));
        QCOMPARE(history.undoCount(), size_t(1));
        QCOMPARE(history.redoCount(), size_t(1));
        table.failNext = true;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, history.undo());
        QCOMPARE(history.undoCount(), size_t(1));
        table.failNext = true;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, history.redo());
        QCOMPARE(history.redoCount(), size_t(1));
        QCOMPARE(describe(table.all()), QStringLiteral("a=positive"));
        history.redo();
        QCOMPARE(describe(table.all()), QStringLiteral("a=positive b=negative"));
        QVERIFY_THROWS_EXCEPTION(
            UsageError,
            history.apply(std::vector<LabelChange>{{"x", makeLabel("y", LabelValue::Positive)}},
                          "bad"));
    }

    void limitDropsOldestSteps()
    {
        Table table;
        LabelHistory history = table.history();
        history.setLimit(3);
        runScript(history, "+a +b +c +d +e");
        QCOMPARE(history.undoCount(), size_t(3));
        runScript(history, "u u u u");
        QCOMPARE(describe(table.all()), QStringLiteral("a=positive b=positive"));
        QVERIFY(!history.canUndo());
        history.clear();
        QVERIFY(!history.canRedo());
    }

    // Through the ProjectStore, a second connection (and a reopen) always sees the same labels
    // as the history's view after every apply/undo/redo.
    void persistenceMatchesAfterEveryStep_data()
    {
        QTest::addColumn<QString>("script");
        QTest::newRow("clicks") << "+a -b 0a +a u u u r r";
        QTest::newRow("boxes") << "[a,b,c,d]+ [c,d,e]- u [e,f]0 u r +g u u u r";
    }
    void persistenceMatchesAfterEveryStep()
    {
        QFETCH(QString, script);
        const std::string path = newPath();
        auto store = ProjectStore::create(path, {"naip.gpkg", {}});
        LabelHistory history(*store);
        Table model;
        LabelHistory expected = model.history();
        for (const QString &op : script.split(' ')) {
            runScript(history, op);
            runScript(expected, op);
            auto reader = ProjectStore::openReadOnly(path);
            QCOMPARE(describe(reader->labels()), describe(model.all()));
            QCOMPARE(describe(store->labels()), describe(model.all()));
            QCOMPARE(history.canUndo(), expected.canUndo());
            QCOMPARE(history.canRedo(), expected.canRedo());
            // The stored steps are the history's steps.
            const LabelHistory reopened(*reader);
            QCOMPARE(reopened.undoCount(), expected.undoCount());
            QCOMPARE(reopened.redoCount(), expected.redoCount());
            QCOMPARE(reopened.undoDescription(), expected.undoDescription());
            QCOMPARE(reopened.redoDescription(), expected.redoDescription());
        }
        store.reset();
        QCOMPARE(describe(ProjectStore::open(path)->labels()), describe(model.all()));
    }

    // Close the project mid-session, reopen it: undo and redo carry on where they were, and
    // restore labels exactly (sources, scores, times).
    void undoRedoSurviveReopen()
    {
        const std::string path = newPath();
        const Label accepted = makeLabel("naip-2-3", LabelValue::Positive, LabelSource::Accepted);
        {
            auto store = ProjectStore::create(path, {"naip.gpkg", {}});
            LabelHistory history(*store);
            history.apply(std::vector<LabelChange>{{accepted.chipId, accepted}}, "accept");
            runScript(history, "[naip-2-3,naip-2-4,naip-5-5]- +naip-0-0 0naip-5-5");
            history.undo(); // the clear of naip-5-5
            QCOMPARE(history.undoCount(), size_t(3));
            QCOMPARE(history.redoCount(), size_t(1));
        }
        auto store = ProjectStore::open(path);
        LabelHistory history(*store);
        QCOMPARE(history.undoCount(), size_t(3));
        QCOMPARE(history.redoCount(), size_t(1));
        QCOMPARE(history.undoDescription(), std::string("+naip-0-0"));
        QCOMPARE(history.redoDescription(), std::string("0naip-5-5"));
        QCOMPARE(describe(store->labels()),
                 QStringLiteral("naip-0-0=positive naip-2-3=negative naip-2-4=negative "
                                "naip-5-5=negative"));
        history.redo();
        QCOMPARE(describe(store->labels()),
                 QStringLiteral("naip-0-0=positive naip-2-3=negative naip-2-4=negative"));
        history.undo();
        history.undo();
        history.undo(); // the box select
        QCOMPARE(describe(store->labels()), QStringLiteral("naip-2-3=positive"));
        const Label restored = store->label("naip-2-3").value();
        QCOMPARE(restored.source, LabelSource::Accepted);
        QCOMPARE(restored.score, accepted.score);
        QCOMPARE(restored.strategy, accepted.strategy);
        QCOMPARE(restored.labeledAtMs, accepted.labeledAtMs);
        // A new change drops the redo steps in the file too.
        runScript(history, "-naip-9-9");
        QCOMPARE(ProjectStore::openReadOnly(path)->history().redo.size(), size_t(0));
        QCOMPARE(ProjectStore::openReadOnly(path)->history().undo.size(), size_t(2));
        // The limit applies to the stored steps.
        history.setLimit(1);
        QCOMPARE(ProjectStore::openReadOnly(path)->history().undo.size(), size_t(1));
        history.clear();
        QCOMPARE(ProjectStore::openReadOnly(path)->history().undo.size(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestLabelHistory)
#include "tst_labelhistory.moc"
