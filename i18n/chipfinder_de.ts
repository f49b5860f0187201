<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ErrorText</name>
    <message>
        <source>the input</source>
        <translation>die Eingabe</translation>
    </message>
    <message>
        <source>%1, row %2</source>
        <translation>%1, Zeile %2</translation>
    </message>
    <message>
        <source>%1, field “%2”</source>
        <translation>%1, Feld „%2“</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Expected: %1.</source>
        <translation>Erwartet: %1.</translation>
    </message>
    <message>
        <source>The operation was canceled.</source>
        <translation>Der Vorgang wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot do this: %1.</source>
        <translation>Das ist nicht möglich: %1.</translation>
    </message>
    <message>
        <source>Not enough memory for this operation.</source>
        <translation>Nicht genug Speicher für diesen Vorgang.</translation>
    </message>
    <message>
        <source>Unexpected error: %1.</source>
        <translation>Unerwarteter Fehler: %1.</translation>
    </message>
    <message>
        <source>Unexpected error of unknown type.</source>
        <translation>Unerwarteter Fehler unbekannter Art.</translation>
    </message>
</context>
<context>
    <name>QCommandLineParser</name>
    <message>
        <source>Displays version information.</source>
        <translation>Zeigt die Versionsinformationen an.</translation>
    </message>
    <message>
        <source>Displays help on commandline options.</source>
        <translation>Zeigt die Hilfe zu den Befehlszeilenoptionen an.</translation>
    </message>
    <message>
        <source>Displays help including Qt specific options.</source>
        <translation>Zeigt die Hilfe einschließlich der Qt-spezifischen Optionen an.</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos;.</source>
        <translation>Unbekannte Option „%1“.</translation>
    </message>
    <message>
        <source>Unknown options: %1.</source>
        <translation>Unbekannte Optionen: %1.</translation>
    </message>
    <message>
        <source>Missing value after &apos;%1&apos;.</source>
        <translation>Fehlender Wert nach „%1“.</translation>
    </message>
    <message>
        <source>Unexpected value after &apos;%1&apos;.</source>
        <translation>Unerwarteter Wert nach „%1“.</translation>
    </message>
    <message>
        <source>[options]</source>
        <translation>[Optionen]</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Aufruf: %1</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
</context>
<context>
    <name>chipfinder::AnalysisPanel</name>
    <message>
        <source>Set</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Chips</source>
        <translation>Chips</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min.</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max.</translation>
    </message>
    <message>
        <source> (sample %1)</source>
        <translation> (Stichprobe %1)</translation>
    </message>
    <message>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Berechnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>Bericht exportieren…</translation>
    </message>
    <message>
        <source>Ground truth:</source>
        <translation>Referenzdaten:</translation>
    </message>
    <message>
        <source>Diversity (distance to the nearest other member)</source>
        <translation>Vielfalt (Abstand zum nächsten anderen Element)</translation>
    </message>
    <message>
        <source>Retrieval quality on the ground truth</source>
        <translation>Suchqualität auf den Referenzdaten</translation>
    </message>
    <message>
        <source>Analysis canceled.</source>
        <translation>Analyse abgebrochen.</translation>
    </message>
    <message>
        <source>Press Compute to analyse the embeddings.</source>
        <translation>Klicken Sie auf „Berechnen“, um die Einbettungen zu analysieren.</translation>
    </message>
    <message>
        <source>Computing diversity, coverage and retrieval quality…</source>
        <translation>Vielfalt, Überdeckung und Suchqualität werden berechnet…</translation>
    </message>
    <message>
        <source>Embedding analysis</source>
        <translation>Einbettungsanalyse</translation>
    </message>
    <message>
        <source>Diversity: nearest-neighbour distance within each set</source>
        <translation>Vielfalt: Abstand zum nächsten Nachbarn innerhalb jeder Menge</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <source>Fraction of the set</source>
        <translation>Anteil der Menge</translation>
    </message>
    <message>
        <source>Fraction of chips</source>
        <translation>Anteil der Chips</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Precision@%1</source>
        <translation>Präzision@%1</translation>
    </message>
    <message>
        <source>Recall@%1</source>
        <translation>Trefferquote@%1</translation>
    </message>
    <message>
        <source>MAP@R</source>
        <translation>MAP@R</translation>
    </message>
    <message>
        <source>Queries</source>
        <translation>Abfragen</translation>
    </message>
    <message>
        <source>%1 chips, %2 dimensions, %3 metric.</source>
        <translation>%1 Chips, %2 Dimensionen, Metrik %3.</translation>
    </message>
    <message>
        <source>Retrieval quality not computed: %1.</source>
        <translation>Suchqualität nicht berechnet: %1.</translation>
    </message>
    <message>
        <source>There is no analysis to export: press Compute first.</source>
        <translation>Es gibt keine Analyse zum Exportieren: Klicken Sie zuerst auf „Berechnen“.</translation>
    </message>
    <message>
        <source>Chipfinder embedding analysis</source>
        <translation>Chipfinder-Einbettungsanalyse</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>%1 chips · %2 dimensions · %3 metric (Euclidean distances%4) · %5</source>
        <translation>%1 Chips · %2 Dimensionen · Metrik %3 (euklidische Abstände%4) · %5</translation>
    </message>
    <message>
        <source> on L2-normalised embeddings</source>
        <translation> auf L2-normierten Einbettungen</translation>
    </message>
    <message>
        <source>Diversity</source>
        <translation>Vielfalt</translation>
    </message>
    <message>
        <source>For each member of a set, the distance to its nearest other member. Higher means a more varied set.</source>
        <translation>Für jedes Element einer Menge der Abstand zu seinem nächsten anderen Element. Höhere Werte bedeuten eine vielfältigere Menge.</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Überdeckung</translation>
    </message>
    <message>
        <source>Retrieval quality</source>
        <translation>Suchqualität</translation>
    </message>
    <message>
        <source>Ground truth &quot;%1&quot; (%2 positives). Each strategy ranks chips from %3 seeded queries; query chips are excluded from the figures.</source>
        <translation>Referenzdaten „%1“ (%2 Positive). Jede Strategie ordnet Chips aus %3 Abfragen mit festem Startwert; die Abfrage-Chips zählen in den Kennzahlen nicht mit.</translation>
    </message>
    <message>
        <source>Not computed: %1.</source>
        <translation>Nicht berechnet: %1.</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>PDF report (*.pdf)</source>
        <translation>PDF-Bericht (*.pdf)</translation>
    </message>
    <message>
        <source>Report written to %1 and %2.</source>
        <translation>Bericht nach %1 und %2 geschrieben.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>fewer than 2 chips</source>
        <translation>weniger als 2 Chips</translation>
    </message>
    <message>
        <source>Covered by</source>
        <translation>Überdeckt durch</translation>
    </message>
    <message>
        <source>no chips</source>
        <translation>keine Chips</translation>
    </message>
    <message>
        <source>no ground truth</source>
        <translation>keine Referenzdaten</translation>
    </message>
    <message>
        <source>no strategy chosen</source>
        <translation>keine Strategie gewählt</translation>
    </message>
    <message>
        <source>the ground truth has too few positives or negatives</source>
        <translation>die Referenzdaten haben zu wenige Positive oder Negative</translation>
    </message>
    <message>
        <source>Coverage (distance to the nearest chip of a set)</source>
        <translation>Überdeckung (Abstand zum nächsten Chip einer Menge)</translation>
    </message>
    <message>
        <source>All chips</source>
        <translation>Alle Chips</translation>
    </message>
    <message>
        <source>Labeled chips</source>
        <translation>Markierte Chips</translation>
    </message>
    <message>
        <source>Positives</source>
        <translation>Positive</translation>
    </message>
    <message>
        <source>Random set (labeled size)</source>
        <translation>Zufallsmenge (Größe der markierten)</translation>
    </message>
    <message>
        <source>Coverage: distance of every chip to the nearest chip of a set</source>
        <translation>Überdeckung: Abstand jedes Chips zum nächsten Chip einer Menge</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>For each chip, the distance to its nearest labeled chip. Low values mean the labeled set covers the data; a random set of the same size is the baseline.</source>
        <translation>Für jeden Chip der Abstand zu seinem nächsten markierten Chip. Kleine Werte bedeuten, dass die markierte Menge die Daten überdeckt; eine gleich große Zufallsmenge dient als Vergleich.</translation>
    </message>
    <message>
        <source>How many are left</source>
        <translation>Wie viele noch fehlen</translation>
    </message>
    <message numerus="yes">
        <source>From %n audit round(s) (%1 chips drawn at random, stratified by score, and judged); intervals at 95 %.</source>
        <translation>
            <numerusform>Aus %n Stichprobenrunde (%1 zufällig, nach Score geschichtet gezogene und beurteilte Chips); Intervalle zu 95 %.</numerusform>
            <numerusform>Aus %n Stichprobenrunden (%1 zufällig, nach Score geschichtet gezogene und beurteilte Chips); Intervalle zu 95 %.</numerusform>
        </translation>
    </message>
    <message>
        <source>Positives found</source>
        <translation>Gefundene Positive</translation>
    </message>
    <message>
        <source>Positives left</source>
        <translation>Verbleibende Positive</translation>
    </message>
    <message>
        <source>Positives in all</source>
        <translation>Positive insgesamt</translation>
    </message>
    <message>
        <source>Recall (%)</source>
        <translation>Recall (%)</translation>
    </message>
    <message>
        <source>Precision of the accepted chips (%)</source>
        <translation>Präzision der angenommenen Chips (%)</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Schätzung</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Untergrenze</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>The estimated recall has reached the target of %1 %: you may stop.</source>
        <translation>Der geschätzte Recall hat das Ziel von %1 % erreicht: Sie können aufhören.</translation>
    </message>
    <message>
        <source>The estimated recall is below the target of %1 %.</source>
        <translation>Der geschätzte Recall liegt unter dem Ziel von %1 %.</translation>
    </message>
</context>
<context>
    <name>chipfinder::AnalyticsWindow</name>
    <message>
        <source>Chipfinder — Visual analytics</source>
        <translation>Chipfinder — Visuelle Analyse</translation>
    </message>
    <message>
        <source>Open a dataset to analyse its embeddings.</source>
        <translation>Öffnen Sie einen Datensatz, um seine Einbettungen zu analysieren.</translation>
    </message>
    <message>
        <source>Embedding scatter</source>
        <translation>Einbettungs-Streudiagramm</translation>
    </message>
    <message>
        <source>Recall simulation</source>
        <translation>Trefferquoten-Simulation</translation>
    </message>
    <message>
        <source>Embedding analysis</source>
        <translation>Einbettungsanalyse</translation>
    </message>
</context>
<context>
    <name>chipfinder::CandidateGrid</name>
    <message>
        <source>Accept as positive (Y)</source>
        <translation>Als positiv annehmen (Y)</translation>
    </message>
    <message>
        <source>Reject as negative (N)</source>
        <translation>Als negativ ablehnen (N)</translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation>Überspringen (S)</translation>
    </message>
</context>
<context>
    <name>chipfinder::CandidateModel</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>Chip %1
Score %2
Rank %3 (%4)</source>
        <translation>Chip %1
Bewertung %2
Rang %3 (%4)</translation>
    </message>
    <message>
        <source>Proposed by %1</source>
        <translation>Vorgeschlagen von %1</translation>
    </message>
    <message>
        <source>re-check</source>
        <translation>nachprüfen</translation>
    </message>
    <message>
        <source>Accepted earlier, shown again to estimate the precision of what was accepted: Y confirms, N rejects.</source>
        <translation>Früher angenommen, erneut gezeigt, um die Präzision des Angenommenen zu schätzen: Y bestätigt, N lehnt ab.</translation>
    </message>
</context>
<context>
    <name>chipfinder::LocateController</name>
    <message>
        <source>Export &amp;tight footprints…</source>
        <translation>&amp;Enge Umrisse exportieren…</translation>
    </message>
    <message>
        <source>Set imagery for &amp;locating…</source>
        <translation>Bilddaten zum &amp;Lokalisieren festlegen…</translation>
    </message>
    <message>
        <source>Label a positive chip to see where inside a chip the match lies.</source>
        <translation>Markieren Sie einen Chip als positiv, um zu sehen, wo in einem Chip der Treffer liegt.</translation>
    </message>
    <message>
        <source>Locating the match inside chip %1…</source>
        <translation>Treffer in Chip %1 wird lokalisiert…</translation>
    </message>
    <message>
        <source>Locating inside the chip</source>
        <translation>Lokalisieren im Chip</translation>
    </message>
    <message>
        <source>This dataset cannot localise: where inside a chip the match lies is not shown. Its chips do not overlap, and no imagery they were embedded from is known (File › Set imagery for locating…).</source>
        <translation>Dieser Datensatz kann nicht lokalisieren: Wo in einem Chip der Treffer liegt, wird nicht angezeigt. Seine Chips überlappen nicht, und die Bilddaten, aus denen sie eingebettet wurden, sind nicht bekannt (Datei › Bilddaten zum Lokalisieren festlegen…).</translation>
    </message>
    <message>
        <source>Heat over chip %1: where inside it the match lies (bright = tight footprint).</source>
        <translation>Wärmebild über Chip %1: wo darin der Treffer liegt (kräftig = enger Umriss).</translation>
    </message>
    <message>
        <source>Label at least one chip as positive before exporting tight footprints.</source>
        <translation>Markieren Sie mindestens einen Chip als positiv, bevor Sie enge Umrisse exportieren.</translation>
    </message>
    <message>
        <source>Exporting tight footprints</source>
        <translation>Enge Umrisse werden exportiert</translation>
    </message>
    <message>
        <source>Tight footprints cannot be exported: this dataset cannot localise.</source>
        <translation>Enge Umrisse können nicht exportiert werden: Dieser Datensatz kann nicht lokalisieren.</translation>
    </message>
    <message numerus="yes">
        <source>Exported the tight footprints of %n chip(s) to %1</source>
        <translation>
            <numerusform>Enge Umrisse von %n Chip nach %1 exportiert</numerusform>
            <numerusform>Enge Umrisse von %n Chips nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>GeoJSON (*.geojson)</source>
        <translation>GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>FlatGeobuf (*.fgb)</source>
        <translation>FlatGeobuf (*.fgb)</translation>
    </message>
    <message>
        <source>Export tight footprints</source>
        <translation>Enge Umrisse exportieren</translation>
    </message>
    <message>
        <source>Imagery the chips were embedded from</source>
        <translation>Bilddaten, aus denen die Chips eingebettet wurden</translation>
    </message>
    <message>
        <source>Rasters (*.tif *.tiff *.vrt *.img *.jp2);;All files (*)</source>
        <translation>Raster (*.tif *.tiff *.vrt *.img *.jp2);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Heat: %1</source>
        <translation>Wärmebild: %1</translation>
    </message>
</context>
<context>
    <name>chipfinder::MainWindow</name>
    <message>
        <source>Chipfinder</source>
        <translation>Chipfinder</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Accept (Y)</source>
        <translation>Annehmen (Y)</translation>
    </message>
    <message>
        <source>Reject (N)</source>
        <translation>Ablehnen (N)</translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation>Überspringen (S)</translation>
    </message>
    <message>
        <source>Label the selected candidate positive</source>
        <translation>Den gewählten Kandidaten als positiv markieren</translation>
    </message>
    <message>
        <source>Label the selected candidate negative</source>
        <translation>Den gewählten Kandidaten als negativ markieren</translation>
    </message>
    <message>
        <source>Leave the selected candidate unlabeled and go to the next</source>
        <translation>Den gewählten Kandidaten unmarkiert lassen und zum nächsten gehen</translation>
    </message>
    <message>
        <source>Review candidates</source>
        <translation>Kandidaten prüfen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;dataset…</source>
        <translation>&amp;Datensatz öffnen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open the d&amp;emo</source>
        <translation>D&amp;emo öffnen</translation>
    </message>
    <message>
        <source>&amp;Import labels…</source>
        <translation>Markierungen &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Export labels…</source>
        <translation>Markierungen &amp;exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Ctrl+Z</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z</source>
        <translation>Ctrl+Shift+Z</translation>
    </message>
    <message>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <source>&amp;Find similar</source>
        <translation>Ä&amp;hnliche finden</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Zoom to &amp;all chips</source>
        <translation>&amp;Alle Chips zeigen</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>Set &amp;basemap…</source>
        <translation>&amp;Grundkarte festlegen…</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>A&amp;nalyse</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;How to label</source>
        <translation>&amp;So wird markiert</translation>
    </message>
    <message>
        <source>How to label</source>
        <translation>So wird markiert</translation>
    </message>
    <message>
        <source>&amp;About Chipfinder</source>
        <translation>&amp;Über Chipfinder</translation>
    </message>
    <message>
        <source>About Chipfinder</source>
        <translation>Über Chipfinder</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Chipfinder&lt;/b&gt; finds satellite image chips similar to the ones you label, from their embeddings.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Chipfinder&lt;/b&gt; findet anhand ihrer Einbettungen Satellitenbild-Chips, die den von Ihnen markierten ähneln.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Preparing the demo dataset…</source>
        <translation>Demo-Datensatz wird vorbereitet…</translation>
    </message>
    <message>
        <source>Preparing the demo dataset</source>
        <translation>Demo-Datensatz wird vorbereitet</translation>
    </message>
    <message>
        <source>The demo dataset is not available in this build.</source>
        <translation>Der Demo-Datensatz ist in diesem Build nicht verfügbar.</translation>
    </message>
    <message>
        <source>%1 — Chipfinder</source>
        <translation>%1 — Chipfinder</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n label(s) to %1</source>
        <translation>
            <numerusform>%n Markierung nach %1 exportiert</numerusform>
            <numerusform>%n Markierungen nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>GeoJSON (*.geojson)</source>
        <translation>GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>FlatGeobuf (*.fgb)</source>
        <translation>FlatGeobuf (*.fgb)</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>Markierungen exportieren</translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation>Markierungen importieren</translation>
    </message>
    <message>
        <source>Vector files (*.geojson *.json *.gpkg *.fgb *.shp);;All files (*)</source>
        <translation>Vektordateien (*.geojson *.json *.gpkg *.fgb *.shp);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Automatic (chip ids if present, else polygons)</source>
        <translation>Automatisch (Chip-IDs, falls vorhanden, sonst Polygone)</translation>
    </message>
    <message>
        <source>Chip ids (chip_id and label columns)</source>
        <translation>Chip-IDs (Spalten chip_id und label)</translation>
    </message>
    <message>
        <source>Polygons covering chips</source>
        <translation>Polygone, die Chips überdecken</translation>
    </message>
    <message>
        <source>Read as:</source>
        <translation>Lesen als:</translation>
    </message>
    <message>
        <source>A polygon labels a chip when it covers at least this fraction of it</source>
        <translation>Ein Polygon markiert einen Chip, wenn es mindestens diesen Anteil davon überdeckt</translation>
    </message>
    <message>
        <source>Minimum coverage:</source>
        <translation>Mindestüberdeckung:</translation>
    </message>
    <message>
        <source>Dataset for the new project</source>
        <translation>Datensatz für das neue Projekt</translation>
    </message>
    <message>
        <source>Chip datasets (*.gpkg *.geojson *.json *.fgb *.shp *.parquet *.tif);;All files (*)</source>
        <translation>Chip-Datensätze (*.gpkg *.geojson *.json *.fgb *.shp *.parquet *.tif);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Chipfinder projects (*.chipfinder.gpkg)</source>
        <translation>Chipfinder-Projekte (*.chipfinder.gpkg)</translation>
    </message>
    <message>
        <source>%1 exists already; open it with File &gt; Open project.</source>
        <translation>%1 existiert bereits; öffnen Sie es mit Datei &gt; Projekt öffnen.</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Chipfinder projects (*.chipfinder.gpkg);;GeoPackages (*.gpkg)</source>
        <translation>Chipfinder-Projekte (*.chipfinder.gpkg);;GeoPackages (*.gpkg)</translation>
    </message>
    <message>
        <source>Open dataset</source>
        <translation>Datensatz öffnen</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>Grundkarte</translation>
    </message>
    <message>
        <source>A raster file (GeoTIFF, MBTiles, GeoPackage) or an XYZ URL with {z}/{x}/{y}; empty for none:</source>
        <translation>Eine Rasterdatei (GeoTIFF, MBTiles, GeoPackage) oder eine XYZ-URL mit {z}/{x}/{y}; leer für keine:</translation>
    </message>
    <message>
        <source>No project open: File &gt; Open dataset… or Open the demo</source>
        <translation>Kein Projekt geöffnet: Datei &gt; Datensatz öffnen… oder Demo öffnen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Positives: %1 · Negatives: %2 · Candidates: %3 (%4 to review) · Round %5</source>
        <translation>Positive: %1 · Negative: %2 · Kandidaten: %3 (%4 zu prüfen) · Runde %5</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>%1 &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>%1 &amp;wiederholen</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n label(s)</source>
        <translation>
            <numerusform>%n Markierung importiert</numerusform>
            <numerusform>%n Markierungen importiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>&amp;Accept candidate</source>
        <translation>Kandidat &amp;annehmen</translation>
    </message>
    <message>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <source>&amp;Reject candidate</source>
        <translation>Kandidat a&amp;blehnen</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>&amp;Skip candidate</source>
        <translation>Kandidat ü&amp;berspringen</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>How the strategy shared this round among the strategies it runs, from what you accepted and rejected so far</source>
        <translation>Wie die Strategie diese Runde auf die Strategien verteilt hat, die sie ausführt – nach dem, was Sie bisher angenommen und abgelehnt haben</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>Round %1 by %2: %3</source>
        <translation>Runde %1 von %2: %3</translation>
    </message>
    <message>
        <source>&amp;Recent projects</source>
        <translation>&amp;Zuletzt geöffnete Projekte</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Basemap raster</source>
        <translation>Raster für die Grundkarte</translation>
    </message>
    <message>
        <source>Rasters (*.tif *.tiff *.vrt *.mbtiles *.gpkg *.jp2 *.png *.jpg);;All files (*)</source>
        <translation>Raster (*.tif *.tiff *.vrt *.mbtiles *.gpkg *.jp2 *.png *.jpg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Keine zuletzt geöffneten Projekte</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>&lt;b&gt;Start here:&lt;/b&gt; left-click a few chips that show what you are looking for, right-click a few that do not, then press &lt;i&gt;Find similar&lt;/i&gt;. Review the candidates with Y (yes), N (no) and S (skip).</source>
        <translation>&lt;b&gt;So geht es los:&lt;/b&gt; Klicken Sie mit links auf einige Kacheln, die zeigen, was Sie suchen, mit rechts auf einige, die es nicht zeigen, und drücken Sie dann &lt;i&gt;Ähnliche finden&lt;/i&gt;. Prüfen Sie die Kandidaten mit Y (ja), N (nein) und S (überspringen).</translation>
    </message>
    <message>
        <source>Do not show this hint again</source>
        <translation>Diesen Hinweis nicht mehr zeigen</translation>
    </message>
    <message>
        <source>The project&apos;s dataset could not be loaded</source>
        <translation>Der Datensatz des Projekts konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>The demo raster is not installed (looked for %1 in %2).</source>
        <translation>Das Demo-Raster ist nicht installiert (gesucht: %1 in %2).</translation>
    </message>
    <message>
        <source>row %1%2: %3</source>
        <translation>Zeile %1%2: %3</translation>
    </message>
    <message>
        <source> (id %1)</source>
        <translation> (ID %1)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of the dataset could not be used and were skipped (%1).</source>
        <translation>
            <numerusform>%n Zeile des Datensatzes war nicht verwendbar und wurde übersprungen (%1).</numerusform>
            <numerusform>%n Zeilen des Datensatzes waren nicht verwendbar und wurden übersprungen (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Rows skipped</source>
        <translation>Zeilen übersprungen</translation>
    </message>
    <message>
        <source>First skipped:</source>
        <translation>Zuerst übersprungen:</translation>
    </message>
    <message>
        <source>&amp;Audit round</source>
        <translation>&amp;Stichprobenrunde</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Propose a random sample of unlabeled chips, stratified by score, to estimate how many positives are left</source>
        <translation>Eine nach Score geschichtete Zufallsstichprobe unmarkierter Chips vorschlagen, um zu schätzen, wie viele Positive noch fehlen</translation>
    </message>
    <message>
        <source>about %1 positives left (95 %: %2–%3), estimated recall %4 %</source>
        <translation>noch etwa %1 Positive (95 %: %2–%3), geschätzter Recall %4 %</translation>
    </message>
    <message>
        <source>accepted precision %1 % (95 %: %2–%3 %)</source>
        <translation>Präzision der Angenommenen %1 % (95 %: %2–%3 %)</translation>
    </message>
    <message>
        <source>recall target %1 % reached: you may stop</source>
        <translation>Recall-Ziel %1 % erreicht: Sie können aufhören</translation>
    </message>
    <message>
        <source>%1 is open for writing in another Chipfinder.</source>
        <translation>%1 ist in einem anderen Chipfinder zum Schreiben geöffnet.</translation>
    </message>
    <message>
        <source>%1 is open for writing in another Chipfinder (%2).</source>
        <translation>%1 ist in einem anderen Chipfinder zum Schreiben geöffnet (%2).</translation>
    </message>
    <message>
        <source>Project in use</source>
        <translation>Projekt in Benutzung</translation>
    </message>
    <message>
        <source>Open it read-only? You can view and export its labels but not change them.</source>
        <translation>Schreibgeschützt öffnen? Sie können die Labels ansehen und exportieren, aber nicht ändern.</translation>
    </message>
    <message>
        <source>Open &amp;read-only</source>
        <translation>&amp;Schreibgeschützt öffnen</translation>
    </message>
    <message>
        <source>%1 (read-only) — Chipfinder</source>
        <translation>%1 (schreibgeschützt) — Chipfinder</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Map:&lt;/b&gt; left click = positive, right click = negative, click a labeled chip again = clear. Shift+drag a box to label many (left button = positive, right = negative); Ctrl+Shift+drag draws a free-hand lasso. Drag to pan, wheel or +/− to zoom, Ctrl+click to select.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Search:&lt;/b&gt; pick a strategy and press &lt;i&gt;Find similar&lt;/i&gt; (Ctrl+F).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Review:&lt;/b&gt; Y = accept, N = reject, S = skip, arrows move. Rest the mouse on a thumbnail to see it larger.&lt;/p&gt;&lt;p&gt;Undo with Ctrl+Z, redo with Ctrl+Shift+Z. Everything is saved as you go.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Karte:&lt;/b&gt; Linksklick = positiv, Rechtsklick = negativ, erneuter Klick auf einen markierten Chip = Markierung entfernen. Mit Umschalt+Ziehen ein Rechteck aufziehen, um viele zu markieren (linke Taste = positiv, rechte = negativ); Strg+Umschalt+Ziehen zeichnet ein freies Lasso. Ziehen verschiebt, Mausrad oder +/− zoomt, Strg+Klick wählt aus.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Suche:&lt;/b&gt; Strategie wählen und &lt;i&gt;Ähnliche finden&lt;/i&gt; drücken (Strg+F).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Prüfen:&lt;/b&gt; Y = annehmen, N = ablehnen, S = überspringen, Pfeiltasten bewegen. Die Maus auf einem Vorschaubild ruhen lassen, um es größer zu sehen.&lt;/p&gt;&lt;p&gt;Rückgängig mit Strg+Z, wiederholen mit Strg+Umschalt+Z. Alles wird laufend gespeichert.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>chipfinder::MapView</name>
    <message>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <source>%1°, %2°</source>
        <translation>%1°, %2°</translation>
    </message>
</context>
<context>
    <name>chipfinder::MissingFiles</name>
    <message>
        <source>Where is %1? It is not at %2</source>
        <translation>Wo ist %1? Die Datei liegt nicht mehr unter %2</translation>
    </message>
    <message>
        <source>Files named %1 (%1)</source>
        <translation>Dateien namens %1 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>chipfinder::ProjectSession</name>
    <message>
        <source>Loading the dataset</source>
        <translation>Datensatz wird geladen</translation>
    </message>
    <message>
        <source>Unknown strategy “%1”.</source>
        <translation>Unbekannte Strategie „%1“.</translation>
    </message>
    <message>
        <source>Label at least one chip as positive (left click) before searching.</source>
        <translation>Markieren Sie vor der Suche mindestens einen Chip als positiv (Linksklick).</translation>
    </message>
    <message>
        <source>Finding similar chips (%1)</source>
        <translation>Ähnliche Chips werden gesucht (%1)</translation>
    </message>
    <message>
        <source>Clear label</source>
        <translation>Markierung entfernen</translation>
    </message>
    <message>
        <source>Label positive</source>
        <translation>Positiv markieren</translation>
    </message>
    <message>
        <source>Label negative</source>
        <translation>Negativ markieren</translation>
    </message>
    <message numerus="yes">
        <source>Label %n chips positive</source>
        <translation>
            <numerusform>%n Chip positiv markieren</numerusform>
            <numerusform>%n Chips positiv markieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Label %n chips negative</source>
        <translation>
            <numerusform>%n Chip negativ markieren</numerusform>
            <numerusform>%n Chips negativ markieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept candidate</source>
        <translation>Kandidat annehmen</translation>
    </message>
    <message>
        <source>Reject candidate</source>
        <translation>Kandidat ablehnen</translation>
    </message>
    <message>
        <source>Importing labels</source>
        <translation>Markierungen werden importiert</translation>
    </message>
    <message>
        <source>%1 labels no chip of this dataset.</source>
        <translation>%1 markiert keinen Chip dieses Datensatzes.</translation>
    </message>
    <message numerus="yes">
        <source>Import %n label(s)</source>
        <translation>
            <numerusform>%n Markierung importieren</numerusform>
            <numerusform>%n Markierungen importieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting labels</source>
        <translation>Markierungen werden exportiert</translation>
    </message>
    <message>
        <source>Every chip is labeled: there is nothing left to audit.</source>
        <translation>Jeder Chip ist markiert: Es bleibt nichts zu prüfen.</translation>
    </message>
    <message>
        <source>Drawing an audit sample</source>
        <translation>Stichprobe wird gezogen</translation>
    </message>
    <message>
        <source>Confirm accepted chip</source>
        <translation>Angenommenen Chip bestätigen</translation>
    </message>
    <message numerus="yes">
        <source>Accept %n chips above the threshold</source>
        <translation>
            <numerusform>%n Chip über der Schwelle annehmen</numerusform>
            <numerusform>%n Chips über der Schwelle annehmen</numerusform>
        </translation>
    </message>
    <message>
        <source>Skip candidate</source>
        <translation>Kandidat überspringen</translation>
    </message>
</context>
<context>
    <name>chipfinder::RecallChartWidget</name>
    <message>
        <source>Recall per iteration</source>
        <translation>Trefferquote je Iteration</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>Erreicht</translation>
    </message>
    <message>
        <source>Iter. Q1</source>
        <translation>Iter. Q1</translation>
    </message>
    <message>
        <source>Iter. median</source>
        <translation>Iter. Median</translation>
    </message>
    <message>
        <source>Iter. Q3</source>
        <translation>Iter. Q3</translation>
    </message>
    <message>
        <source>Labels spent</source>
        <translation>Markierungen verbraucht</translation>
    </message>
    <message>
        <source>Final recall</source>
        <translation>End-Trefferquote</translation>
    </message>
    <message>
        <source>Runs reaching the recall threshold</source>
        <translation>Durchläufe, die die Trefferquoten-Schwelle erreichen</translation>
    </message>
    <message>
        <source>Iterations to threshold, first quartile</source>
        <translation>Iterationen bis zur Schwelle, erstes Quartil</translation>
    </message>
    <message>
        <source>Iterations to threshold, median</source>
        <translation>Iterationen bis zur Schwelle, Median</translation>
    </message>
    <message>
        <source>Iterations to threshold, third quartile</source>
        <translation>Iterationen bis zur Schwelle, drittes Quartil</translation>
    </message>
    <message>
        <source>Labels spent at the end of a run (mean over runs)</source>
        <translation>Am Ende eines Durchlaufs verbrauchte Markierungen (Mittel über die Durchläufe)</translation>
    </message>
    <message>
        <source>Mean recall at the last iteration</source>
        <translation>Mittlere Trefferquote in der letzten Iteration</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren…</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>SVG exportieren…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <source>%1, run %2</source>
        <translation>%1, Durchlauf %2</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>Schwelle %1</translation>
    </message>
    <message>
        <source>Recall per iteration (%1 runs, batch %2, %3 of %4 chips positive)</source>
        <translation>Trefferquote je Iteration (%1 Durchläufe, Stapel %2, %3 von %4 Chips positiv)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Could not write the image %1.</source>
        <translation>Das Bild %1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Chipfinder recall simulation</source>
        <translation>Chipfinder-Trefferquoten-Simulation</translation>
    </message>
    <message>
        <source>There is no simulation result to export.</source>
        <translation>Es gibt kein Simulationsergebnis zum Exportieren.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>chipfinder::ReviewTools</name>
    <message>
        <source>Thumbnail size; rest the mouse on a thumbnail to see it larger with its surroundings</source>
        <translation>Größe der Vorschaubilder; die Maus auf einem Vorschaubild ruhen lassen, um es vergrößert mit seiner Umgebung zu sehen</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Label the selection &amp;positive</source>
        <translation>Auswahl &amp;positiv markieren</translation>
    </message>
    <message>
        <source>Shift+Y</source>
        <translation>Shift+Y</translation>
    </message>
    <message>
        <source>Label the selection &amp;negative</source>
        <translation>Auswahl &amp;negativ markieren</translation>
    </message>
    <message>
        <source>Shift+N</source>
        <translation>Shift+N</translation>
    </message>
    <message numerus="yes">
        <source>%n selected → positive</source>
        <translation>
            <numerusform>%n ausgewählter → positiv</numerusform>
            <numerusform>%n ausgewählte → positiv</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected → negative</source>
        <translation>
            <numerusform>%n ausgewählter → negativ</numerusform>
            <numerusform>%n ausgewählte → negativ</numerusform>
        </translation>
    </message>
    <message>
        <source>Label the chips selected in the scatter positive (Shift+Y)</source>
        <translation>Die im Streudiagramm ausgewählten Chips positiv markieren (Umschalt+Y)</translation>
    </message>
    <message>
        <source>Label the chips selected in the scatter negative (Shift+N)</source>
        <translation>Die im Streudiagramm ausgewählten Chips negativ markieren (Umschalt+N)</translation>
    </message>
</context>
<context>
    <name>chipfinder::ScatterPanel</name>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>UMAP-like</source>
        <translation>UMAP-artig</translation>
    </message>
    <message>
        <source>Projection of the embeddings to 2D</source>
        <translation>Projektion der Einbettungen in 2D</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Markierung</translation>
    </message>
    <message>
        <source>Candidate score</source>
        <translation>Kandidatenbewertung</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Referenzdaten</translation>
    </message>
    <message>
        <source>Cluster (k-means)</source>
        <translation>Cluster (k-Means)</translation>
    </message>
    <message>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Select the points inside a rectangle (Shift adds)</source>
        <translation>Punkte innerhalb eines Rechtecks auswählen (Umschalt fügt hinzu)</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Select the points inside a free-hand outline</source>
        <translation>Punkte innerhalb einer Freihandkontur auswählen</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Drag to move the view; the wheel zooms</source>
        <translation>Ziehen verschiebt die Ansicht; das Mausrad zoomt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Verfahren:</translation>
    </message>
    <message>
        <source>Colour by:</source>
        <translation>Färben nach:</translation>
    </message>
    <message>
        <source>Layout canceled.</source>
        <translation>Layout abgebrochen.</translation>
    </message>
    <message>
        <source>No embeddings loaded.</source>
        <translation>Keine Einbettungen geladen.</translation>
    </message>
    <message>
        <source>UMAP-like layout</source>
        <translation>UMAP-artiges Layout</translation>
    </message>
    <message>
        <source>Computing %1 of %2 chips…</source>
        <translation>Berechne %1 von %2 Chips…</translation>
    </message>
    <message>
        <source>%1: %2 chips</source>
        <translation>%1: %2 Chips</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>unmarkiert</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>negativ</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>positiv</translation>
    </message>
    <message>
        <source>not a candidate</source>
        <translation>kein Kandidat</translation>
    </message>
    <message>
        <source>lowest score</source>
        <translation>niedrigste Bewertung</translation>
    </message>
    <message>
        <source>highest score</source>
        <translation>höchste Bewertung</translation>
    </message>
    <message>
        <source>other</source>
        <translation>sonstige</translation>
    </message>
    <message>
        <source>ground-truth positive</source>
        <translation>laut Referenz positiv</translation>
    </message>
    <message>
        <source>Cluster (k = %1)</source>
        <translation>Cluster (k = %1)</translation>
    </message>
    <message>
        <source>Clustering…</source>
        <translation>Clusterbildung…</translation>
    </message>
    <message>
        <source>cluster %1</source>
        <translation>Cluster %1</translation>
    </message>
    <message>
        <source>k-means</source>
        <translation>k-Means</translation>
    </message>
</context>
<context>
    <name>chipfinder::ScatterView</name>
    <message>
        <source>%1 of %2 points · density</source>
        <translation>%1 von %2 Punkten · Dichte</translation>
    </message>
    <message>
        <source>%1 of %2 points</source>
        <translation>%1 von %2 Punkten</translation>
    </message>
    <message>
        <source> · %1 highlighted</source>
        <translation> · %1 hervorgehoben</translation>
    </message>
</context>
<context>
    <name>chipfinder::ScoreBar</name>
    <message>
        <source>Score:</source>
        <translation>Bewertung:</translation>
    </message>
    <message>
        <source>Threshold: chips scoring at least this much count as above it</source>
        <translation>Schwelle: Chips mit mindestens dieser Bewertung zählen als darüber</translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) at or above %1</source>
        <translation>
            <numerusform>%n Chip bei oder über %1</numerusform>
            <numerusform>%n Chips bei oder über %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept all above</source>
        <translation>Alle darüber annehmen</translation>
    </message>
    <message>
        <source>Label every unlabeled chip at or above the threshold positive, as one step (undo with Ctrl+Z)</source>
        <translation>Jeden unmarkierten Chip bei oder über der Schwelle in einem Schritt positiv markieren (rückgängig mit Strg+Z)</translation>
    </message>
    <message>
        <source>no scores</source>
        <translation>keine Bewertungen</translation>
    </message>
</context>
<context>
    <name>chipfinder::ScoreLayerController</name>
    <message>
        <source>cosine to the positives&apos; centre</source>
        <translation>Kosinus zum Mittelpunkt der Positiven</translation>
    </message>
    <message>
        <source>Score layer</source>
        <translation>Bewertungsebene</translation>
    </message>
    <message>
        <source>Score &amp;layer</source>
        <translation>Bewertungs&amp;ebene</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Every chip&apos;s score for the current labels as a heat over the map, with a threshold</source>
        <translation>Die Bewertung jedes Chips für die aktuellen Markierungen als Wärmebild über der Karte, mit einer Schwelle</translation>
    </message>
    <message>
        <source>Accept all &amp;above threshold</source>
        <translation>Alle &amp;über der Schwelle annehmen</translation>
    </message>
    <message>
        <source>Label every unlabeled chip at or above the score layer&apos;s threshold positive, as one step</source>
        <translation>Jeden unmarkierten Chip bei oder über der Schwelle der Bewertungsebene in einem Schritt positiv markieren</translation>
    </message>
    <message>
        <source>Export &amp;candidates…</source>
        <translation>&amp;Kandidaten exportieren…</translation>
    </message>
    <message>
        <source>Export candidates and chips a&amp;bove threshold…</source>
        <translation>Kandidaten und Chips ü&amp;ber der Schwelle exportieren…</translation>
    </message>
    <message>
        <source>Label a positive chip to see scores</source>
        <translation>Markieren Sie einen Chip als positiv, um Bewertungen zu sehen</translation>
    </message>
    <message>
        <source>Computing scores…</source>
        <translation>Bewertungen werden berechnet…</translation>
    </message>
    <message>
        <source>Scoring every chip</source>
        <translation>Alle Chips werden bewertet</translation>
    </message>
    <message>
        <source>Scores: %1</source>
        <translation>Bewertungen: %1</translation>
    </message>
    <message>
        <source>There are no candidates to export: run Find similar first.</source>
        <translation>Es gibt keine Kandidaten zum Exportieren: Führen Sie zuerst „Ähnliche finden“ aus.</translation>
    </message>
    <message>
        <source>Exporting candidates</source>
        <translation>Kandidaten werden exportiert</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n candidate(s) to %1</source>
        <translation>
            <numerusform>%n Kandidat nach %1 exportiert</numerusform>
            <numerusform>%n Kandidaten nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>GeoJSON (*.geojson)</source>
        <translation>GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export candidates and chips above the threshold</source>
        <translation>Kandidaten und Chips über der Schwelle exportieren</translation>
    </message>
    <message>
        <source>Export candidates</source>
        <translation>Kandidaten exportieren</translation>
    </message>
</context>
<context>
    <name>chipfinder::SimulationPanel</name>
    <message>
        <source>Strategies to compare</source>
        <translation>Zu vergleichende Strategien</translation>
    </message>
    <message>
        <source>Ground truth:</source>
        <translation>Referenzdaten:</translation>
    </message>
    <message>
        <source>Runs per strategy:</source>
        <translation>Durchläufe je Strategie:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Stapelgröße:</translation>
    </message>
    <message>
        <source>Recall threshold:</source>
        <translation>Trefferquoten-Schwelle:</translation>
    </message>
    <message>
        <source>Label noise:</source>
        <translation>Markierungsrauschen:</translation>
    </message>
    <message>
        <source>Start positives:</source>
        <translation>Start-Positive:</translation>
    </message>
    <message>
        <source>Start negatives:</source>
        <translation>Start-Negative:</translation>
    </message>
    <message>
        <source>Max iterations:</source>
        <translation>Max. Iterationen:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Run simulation</source>
        <translation>Simulation starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation>Strategien:</translation>
    </message>
    <message>
        <source>Simulation canceled.</source>
        <translation>Simulation abgebrochen.</translation>
    </message>
    <message>
        <source>The dataset has no ground truth: add a label column or a polygon layer to simulate.</source>
        <translation>Der Datensatz hat keine Referenzdaten: Fügen Sie zum Simulieren eine Markierungsspalte oder einen Polygon-Layer hinzu.</translation>
    </message>
    <message>
        <source>Choose at least one strategy and a ground truth.</source>
        <translation>Wählen Sie mindestens eine Strategie und Referenzdaten.</translation>
    </message>
    <message numerus="yes">
        <source>Simulating %n strategies…</source>
        <translation>
            <numerusform>%n Strategie wird simuliert…</numerusform>
            <numerusform>%n Strategien werden simuliert…</numerusform>
        </translation>
    </message>
    <message>
        <source>Recall simulation</source>
        <translation>Trefferquoten-Simulation</translation>
    </message>
    <message>
        <source>Done: %1 strategies, %2 runs each.</source>
        <translation>Fertig: %1 Strategien mit je %2 Durchläufen.</translation>
    </message>
    <message>
        <source>Last result: %1 strategies, %2 runs each.</source>
        <translation>Letztes Ergebnis: %1 Strategien mit je %2 Läufen.</translation>
    </message>
</context>
<context>
    <name>chipfinder::StrategyPanel</name>
    <message>
        <source>&amp;Strategy:</source>
        <translation>&amp;Strategie:</translation>
    </message>
    <message>
        <source>How many candidates each round proposes</source>
        <translation>Wie viele Kandidaten jede Runde vorschlägt</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Stapelgröße:</translation>
    </message>
    <message>
        <source>Search again after every label &amp;change</source>
        <translation>Nach jeder Markierungs&amp;änderung erneut suchen</translation>
    </message>
    <message>
        <source>&amp;Find similar</source>
        <translation>Ä&amp;hnliche finden</translation>
    </message>
    <message>
        <source>Run the strategy on the current labels (Ctrl+F)</source>
        <translation>Die Strategie auf die aktuellen Markierungen anwenden (Strg+F)</translation>
    </message>
    <message>
        <source>No search strategies are available in this build.</source>
        <translation>In diesem Build sind keine Suchstrategien verfügbar.</translation>
    </message>
    <message>
        <source>A&amp;udit round</source>
        <translation>S&amp;tichprobenrunde</translation>
    </message>
    <message>
        <source>Propose a random sample of unlabeled chips (the batch size), stratified by score: reviewed like any round, it estimates how many positives are left (Ctrl+Shift+A)</source>
        <translation>Eine nach Score geschichtete Zufallsstichprobe unmarkierter Chips (so groß wie der Stapel) vorschlagen: wie jede Runde geprüft, schätzt sie, wie viele Positive noch fehlen (Ctrl+Shift+A)</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message numerus="yes">
        <source>Exported %n label(s) to %1</source>
        <translation>
            <numerusform>%n Markierung nach %1 exportiert</numerusform>
            <numerusform>%n Markierungen nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: chipfinder-cli COMMAND [options]</source>
        <translation>Aufruf: chipfinder-cli BEFEHL [Optionen]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <source>Run &apos;chipfinder-cli COMMAND --help&apos; for a command&apos;s options.</source>
        <translation>„chipfinder-cli BEFEHL --help“ zeigt die Optionen eines Befehls.</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>unbekannter Befehl „%1“</translation>
    </message>
    <message>
        <source>Embedding analysis: diversity (each member&apos;s distance to its nearest other member) of all chips, of a selected set and of a random set of the same size, and coverage (each chip&apos;s distance to its nearest selected chip). Distances are Euclidean on L2-normalised embeddings (cosine) or raw ones (euclidean).</source>
        <translation>Einbettungsanalyse: Vielfalt (Abstand jedes Elements zu seinem nächsten anderen Element) aller Chips, einer ausgewählten Menge und einer gleich großen Zufallsmenge, sowie Überdeckung (Abstand jedes Chips zu seinem nächsten ausgewählten Chip). Die Abstände sind euklidisch auf L2-normierten (cosine) oder unveränderten (euclidean) Einbettungen.</translation>
    </message>
    <message>
        <source>DATASET</source>
        <translation>DATENSATZ</translation>
    </message>
    <message>
        <source>Vector file, GeoParquet or embedding raster.</source>
        <translation>Vektordatei, GeoParquet oder Einbettungsraster.</translation>
    </message>
    <message>
        <source>Ids of the selected chips, comma-separated.</source>
        <translation>IDs der ausgewählten Chips, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>IDS</source>
        <translation>IDS</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>cosine or euclidean (default: cosine).</source>
        <translation>cosine oder euclidean (Standard: cosine).</translation>
    </message>
    <message>
        <source>METRIC</source>
        <translation>METRIK</translation>
    </message>
    <message>
        <source>Histogram bins (default: 10).</source>
        <translation>Klassen des Histogramms (Standard: 10).</translation>
    </message>
    <message>
        <source>Seed of the random sets (default: 0).</source>
        <translation>Startwert der Zufallsmengen (Standard: 0).</translation>
    </message>
    <message>
        <source>SEED</source>
        <translation>STARTWERT</translation>
    </message>
    <message>
        <source>--selected and --truth/--truth-polygons exclude each other</source>
        <translation>--selected und --truth/--truth-polygons schließen sich gegenseitig aus</translation>
    </message>
    <message>
        <source>%1: diversity needs at least 2 chips</source>
        <translation>%1: Die Vielfalt braucht mindestens 2 Chips</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>ausgewählt</translation>
    </message>
    <message>
        <source>positives of the truth from %1</source>
        <translation>Positive der Referenzdaten aus %1</translation>
    </message>
    <message>
        <source>the truth from %1 has no positive chip</source>
        <translation>die Referenzdaten aus %1 enthalten keinen positiven Chip</translation>
    </message>
    <message>
        <source>Dataset %1: %2 chips, %3 dimensions; distances: %4</source>
        <translation>Datensatz %1: %2 Chips, %3 Dimensionen; Abstände: %4</translation>
    </message>
    <message>
        <source>Euclidean on L2-normalised embeddings</source>
        <translation>euklidisch auf L2-normierten Einbettungen</translation>
    </message>
    <message>
        <source>Euclidean</source>
        <translation>euklidisch</translation>
    </message>
    <message>
        <source>Selected: %1 (%2 chips); random: a random set of the same size.</source>
        <translation>Ausgewählt: %1 (%2 Chips); Zufall: eine gleich große Zufallsmenge.</translation>
    </message>
    <message>
        <source>Diversity</source>
        <translation>Vielfalt</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Überdeckung</translation>
    </message>
    <message>
        <source>mean %1, min %2, max %3</source>
        <translation>Mittel %1, Min. %2, Max. %3</translation>
    </message>
    <message>
        <source>Embedding diversity and coverage (all, selected, random set)</source>
        <translation>Vielfalt und Überdeckung der Einbettungen (alle, ausgewählte, Zufallsmenge)</translation>
    </message>
    <message>
        <source>Column holding the embeddings (default: detected).</source>
        <translation>Spalte mit den Einbettungen (Standard: automatisch erkannt).</translation>
    </message>
    <message>
        <source>COLUMN</source>
        <translation>SPALTE</translation>
    </message>
    <message>
        <source>Column holding the chip ids (default: detected, else row number).</source>
        <translation>Spalte mit den Chip-IDs (Standard: automatisch erkannt, sonst die Zeilennummer).</translation>
    </message>
    <message>
        <source>Layer to read (default: the first with geometry).</source>
        <translation>Zu lesender Layer (Standard: der erste mit Geometrie).</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Read the embeddings from this .npy matrix (N x D) instead of a column.</source>
        <translation>Die Einbettungen aus dieser .npy-Matrix (N x D) statt aus einer Spalte lesen.</translation>
    </message>
    <message>
        <source>Match .npy rows to features by this integer column (default: by row).</source>
        <translation>Zeilen der .npy-Datei den Features über diese Ganzzahlspalte zuordnen (Standard: nach Zeile).</translation>
    </message>
    <message>
        <source>Pixels per chip side for embedding rasters (default: 16).</source>
        <translation>Pixel je Chipseite bei Einbettungsrastern (Standard: 16).</translation>
    </message>
    <message>
        <source>PIXELS</source>
        <translation>PIXEL</translation>
    </message>
    <message>
        <source>expected %1 (see --help)</source>
        <translation>erwartet: %1 (siehe --help)</translation>
    </message>
    <message>
        <source>--%1: no chip has the id &apos;%2&apos;</source>
        <translation>--%1: Kein Chip hat die ID „%2“</translation>
    </message>
    <message>
        <source>--truth: the dataset has no column &apos;%1&apos; (columns: %2)</source>
        <translation>--truth: Der Datensatz hat keine Spalte „%1“ (Spalten: %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Column holding the ground truth (1/0, true/false, yes/no).</source>
        <translation>Spalte mit den Referenzdaten (1/0, true/false, yes/no).</translation>
    </message>
    <message>
        <source>Ground truth from a polygon file instead: a chip is positive when the polygons cover at least --min-coverage of it.</source>
        <translation>Referenzdaten stattdessen aus einer Polygondatei: Ein Chip ist positiv, wenn die Polygone mindestens den Anteil --min-coverage von ihm überdecken.</translation>
    </message>
    <message>
        <source>Layer of --truth-polygons (default: the first polygon layer).</source>
        <translation>Layer von --truth-polygons (Standard: der erste Polygon-Layer).</translation>
    </message>
    <message>
        <source>Chip fraction the polygons must cover (default: 0.3).</source>
        <translation>Anteil des Chips, den die Polygone überdecken müssen (Standard: 0.3).</translation>
    </message>
    <message>
        <source>FRACTION</source>
        <translation>ANTEIL</translation>
    </message>
    <message>
        <source>--truth and --truth-polygons exclude each other</source>
        <translation>--truth und --truth-polygons schließen sich gegenseitig aus</translation>
    </message>
    <message>
        <source>polygons %1 covering &gt;= %2</source>
        <translation>Polygone %1 mit Überdeckung &gt;= %2</translation>
    </message>
    <message>
        <source>column &apos;%1&apos;</source>
        <translation>Spalte „%1“</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is not a metric (cosine or euclidean)</source>
        <translation>--%1: „%2“ ist keine Metrik (cosine oder euclidean)</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is not a whole number of at least %3</source>
        <translation>--%1: „%2“ ist keine ganze Zahl von mindestens %3</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is not a number in [%3, %4]</source>
        <translation>--%1: „%2“ ist keine Zahl in [%3, %4]</translation>
    </message>
    <message>
        <source>--%1 must be a number from %2 to %3, not &apos;%4&apos;</source>
        <translation>--%1 muss eine Zahl von %2 bis %3 sein, nicht „%4“</translation>
    </message>
    <message>
        <source>Tiles a raster (any GDAL format, band count, data type and CRS) into square chips and embeds each chip with the built-in training-free embedder (MOSAIKS-style random convolutional features plus per-band statistics). Writes footprints and a float32 &apos;embedding&apos; column; the format follows the extension (.gpkg, .geojson, .fgb, .shp).</source>
        <translation>Zerlegt ein Raster (jedes GDAL-Format, jede Bandanzahl, jeder Datentyp und jedes KBS) in quadratische Chips und bettet jeden Chip mit dem eingebauten, trainingsfreien Einbetter ein (zufällige Faltungsmerkmale im Stil von MOSAIKS plus Statistiken je Band). Schreibt Umrisse und eine float32-Spalte „embedding“; das Format folgt der Endung (.gpkg, .geojson, .fgb, .shp).</translation>
    </message>
    <message>
        <source>RASTER</source>
        <translation>RASTER</translation>
    </message>
    <message>
        <source>Raster to tile.</source>
        <translation>Zu zerlegendes Raster.</translation>
    </message>
    <message>
        <source>Output vector file.</source>
        <translation>Ausgabe-Vektordatei.</translation>
    </message>
    <message>
        <source>Chip side in pixels (default 32).</source>
        <translation>Chipseite in Pixeln (Standard 32).</translation>
    </message>
    <message>
        <source>PX</source>
        <translation>PX</translation>
    </message>
    <message>
        <source>Pixels between chip origins (default: the chip size).</source>
        <translation>Pixel zwischen den Ursprüngen benachbarter Chips (Standard: die Chipgröße).</translation>
    </message>
    <message>
        <source>Random filters K; the vector has 2K conv features per pooling cell plus 4 statistics per band (default 256).</source>
        <translation>Anzahl K der Zufallsfilter; der Vektor hat 2K Faltungsmerkmale je Pooling-Zelle plus 4 Statistiken je Band (Standard 256).</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>Filter side in pixels (default 3).</source>
        <translation>Filterseite in Pixeln (Standard 3).</translation>
    </message>
    <message>
        <source>Filter sampling seed (default 0).</source>
        <translation>Startwert für die Auswahl der Filter (Standard 0).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>ReLU threshold in standard deviations (default 1).</source>
        <translation>ReLU-Schwelle in Standardabweichungen (Standard 1).</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Average-pool over G×G cells of the chip (default 1: whole chip, MOSAIKS).</source>
        <translation>Mittelwert-Pooling über G×G Zellen des Chips (Standard 1: ganzer Chip, MOSAIKS).</translation>
    </message>
    <message>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <source>Use raw pixel values instead of per-band z-scores.</source>
        <translation>Unveränderte Pixelwerte statt z-Werten je Band verwenden.</translation>
    </message>
    <message>
        <source>Skip chips with a larger nodata fraction (default 0.5).</source>
        <translation>Chips mit größerem NoData-Anteil überspringen (Standard 0.5).</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Worker threads (default: all cores).</source>
        <translation>Arbeitsthreads (Standard: alle Kerne).</translation>
    </message>
    <message>
        <source>Add NDWI ground truth: water_fraction, pond_fraction, water and pond columns; a chip is water/pond when that fraction is at least F (e.g. 0.05).</source>
        <translation>NDWI-Referenzdaten hinzufügen: Spalten water_fraction, pond_fraction, water und pond; ein Chip gilt als Wasser/Teich, wenn dieser Anteil mindestens F beträgt (z. B. 0.05).</translation>
    </message>
    <message>
        <source>Water where NDWI = (G − NIR)/(G + NIR) exceeds T (default 0.2).</source>
        <translation>Wasser, wo NDWI = (G − NIR)/(G + NIR) größer als T ist (Standard 0.2).</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>Water bodies up to this many m² are ponds (default 50000).</source>
        <translation>Gewässer bis zu dieser Fläche in m² sind Teiche (Standard 50000).</translation>
    </message>
    <message>
        <source>M2</source>
        <translation>M2</translation>
    </message>
    <message>
        <source>1-based green band (default 2, NAIP R,G,B,NIR).</source>
        <translation>Grünes Band, ab 1 gezählt (Standard 2, NAIP R,G,B,NIR).</translation>
    </message>
    <message>
        <source>1-based near-infrared band (default 4).</source>
        <translation>Nahinfrarot-Band, ab 1 gezählt (Standard 4).</translation>
    </message>
    <message>
        <source>Also write the water bodies (kind pond|lake, area_m2) as polygons to FILE.</source>
        <translation>Zusätzlich die Gewässer (kind pond|lake, area_m2) als Polygone nach DATEI schreiben.</translation>
    </message>
    <message>
        <source>Also write one PNG per chip into DIR.</source>
        <translation>Zusätzlich ein PNG je Chip nach VERZ schreiben.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>VERZ</translation>
    </message>
    <message>
        <source>embed needs --out FILE</source>
        <translation>embed braucht --out DATEI</translation>
    </message>
    <message>
        <source>--water-polygons needs --water-truth</source>
        <translation>--water-polygons braucht --water-truth</translation>
    </message>
    <message>
        <source>Wrote %1 chips × %2 dimensions to %3</source>
        <translation>%1 Chips × %2 Dimensionen nach %3 geschrieben</translation>
    </message>
    <message>
        <source>Ground truth: %1 chips with water, %2 pond chips (columns water, pond)</source>
        <translation>Referenzdaten: %1 Chips mit Wasser, %2 Teich-Chips (Spalten water, pond)</translation>
    </message>
    <message>
        <source>Wrote %1 water bodies to %2</source>
        <translation>%1 Gewässer nach %2 geschrieben</translation>
    </message>
    <message>
        <source>Wrote %1 thumbnails to %2</source>
        <translation>%1 Vorschaubilder nach %2 geschrieben</translation>
    </message>
    <message>
        <source>Tile a raster into chips and embed them (built-in MOSAIKS embedder)</source>
        <translation>Ein Raster in Chips zerlegen und einbetten (eingebauter MOSAIKS-Einbetter)</translation>
    </message>
    <message>
        <source>Exports the labels of a project, one feature per labeled chip with its footprint.
The format follows the extension: .geojson/.json (RFC 7946, WGS 84), .gpkg, .fgb.</source>
        <translation>Exportiert die Markierungen eines Projekts, ein Feature je markiertem Chip mit seinem Umriss.
Das Format folgt der Endung: .geojson/.json (RFC 7946, WGS 84), .gpkg, .fgb.</translation>
    </message>
    <message>
        <source>PROJECT</source>
        <translation>PROJEKT</translation>
    </message>
    <message>
        <source>Chipfinder project file.</source>
        <translation>Chipfinder-Projektdatei.</translation>
    </message>
    <message>
        <source>Output file.</source>
        <translation>Ausgabedatei.</translation>
    </message>
    <message>
        <source>Dataset to take the footprints from (default: the one the project references).</source>
        <translation>Datensatz, aus dem die Umrisse stammen (Standard: der vom Projekt referenzierte).</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>CRS of GeoPackage/FlatGeobuf output: wgs84 (default) or source (the dataset&apos;s).</source>
        <translation>KBS der GeoPackage-/FlatGeobuf-Ausgabe: wgs84 (Standard) oder source (das des Datensatzes).</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>KBS</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export braucht --out DATEI</translation>
    </message>
    <message>
        <source>cannot tell the format of &apos;%1&apos;: use .geojson, .json, .gpkg or .fgb</source>
        <translation>das Format von „%1“ ist unklar: verwenden Sie .geojson, .json, .gpkg oder .fgb</translation>
    </message>
    <message>
        <source>--crs must be wgs84 or source, not &apos;%1&apos;</source>
        <translation>--crs muss wgs84 oder source sein, nicht „%1“</translation>
    </message>
    <message>
        <source>the project names no dataset: give one with --dataset</source>
        <translation>das Projekt nennt keinen Datensatz: geben Sie einen mit --dataset an</translation>
    </message>
    <message>
        <source>the dataset &apos;%1&apos; does not exist (moved? give its new place with --dataset)</source>
        <translation>der Datensatz „%1“ existiert nicht (verschoben? geben Sie den neuen Ort mit --dataset an)</translation>
    </message>
    <message>
        <source>Export a project&apos;s labels as GeoJSON/GPKG/FlatGeobuf</source>
        <translation>Die Markierungen eines Projekts als GeoJSON/GPKG/FlatGeobuf exportieren</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Describes a dataset of chip footprints and embeddings.</source>
        <translation>Beschreibt einen Datensatz aus Chip-Umrissen und Einbettungen.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>Chips</source>
        <translation>Chips</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>Dimensionen</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>Einbettung</translation>
    </message>
    <message>
        <source>Extent</source>
        <translation>Ausdehnung</translation>
    </message>
    <message>
        <source>lon %1 .. %2, lat %3 .. %4 (WGS 84)</source>
        <translation>Länge %1 .. %2, Breite %3 .. %4 (WGS 84)</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Imagery</source>
        <translation>Bilddaten</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>every embedding is finite and non-zero</source>
        <translation>jede Einbettung ist endlich und ungleich null</translation>
    </message>
    <message>
        <source>%1 embeddings hold NaN/Inf, %2 are zero (first: row %3)</source>
        <translation>%1 Einbettungen enthalten NaN/Inf, %2 sind null (erste: Zeile %3)</translation>
    </message>
    <message>
        <source>Describe a dataset (driver, chips, dimensions, CRS, columns)</source>
        <translation>Einen Datensatz beschreiben (Treiber, Chips, Dimensionen, KBS, Spalten)</translation>
    </message>
    <message>
        <source>--lang CODE (with any command) sets the language of the messages, e.g. de or en (default: the &quot;language&quot; setting, else the system language).</source>
        <translation>--lang CODE (mit jedem Befehl) legt die Sprache der Meldungen fest, z. B. de oder en (Standard: die Einstellung „language“, sonst die Systemsprache).</translation>
    </message>
    <message>
        <source>Ids of positive chips, comma-separated.</source>
        <translation>IDs der positiven Chips, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Ids of negative chips, comma-separated.</source>
        <translation>IDs der negativen Chips, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Strategy parameters, key=value,...</source>
        <translation>Parameter der Strategie, schlüssel=wert,...</translation>
    </message>
    <message>
        <source>PARAMS</source>
        <translation>PARAMETER</translation>
    </message>
    <message>
        <source>Number of candidates (default: 25).</source>
        <translation>Anzahl der Kandidaten (Standard: 25).</translation>
    </message>
    <message>
        <source>Search index: auto (exact, plus an approximate IVF index saved beside the dataset from %1 chips on), exact, or approximate (default: auto).</source>
        <translation>Suchindex: auto (exakt, ab %1 Chips zusätzlich ein neben dem Datensatz gespeicherter approximativer IVF-Index), exact oder approximate (Standard: auto).</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>ART</translation>
    </message>
    <message>
        <source>json or geojson (default: json).</source>
        <translation>json oder geojson (Standard: json).</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>Output file (default: stdout).</source>
        <translation>Ausgabedatei (Standard: stdout).</translation>
    </message>
    <message>
        <source>--format: &apos;%1&apos; is not json or geojson</source>
        <translation>--format: „%1“ ist weder json noch geojson</translation>
    </message>
    <message>
        <source>--positives: at least one positive chip id is required</source>
        <translation>--positives: Mindestens eine positive Chip-ID ist erforderlich</translation>
    </message>
    <message>
        <source>chip &apos;%1&apos; is both positive and negative</source>
        <translation>Chip „%1“ ist zugleich positiv und negativ</translation>
    </message>
    <message>
        <source>Rank candidate chips from positive/negative ids (JSON or GeoJSON)</source>
        <translation>Kandidaten-Chips aus positiven/negativen IDs ordnen (JSON oder GeoJSON)</translation>
    </message>
    <message>
        <source>--params: &apos;%1&apos; is not name:key=value,...</source>
        <translation>--params: „%1“ hat nicht die Form name:schlüssel=wert,...</translation>
    </message>
    <message>
        <source>--params: &apos;%1&apos; is not one of the simulated strategies</source>
        <translation>--params: „%1“ ist keine der simulierten Strategien</translation>
    </message>
    <message>
        <source>Simulates labeling sessions against ground truth (the Clay seed issue&apos;s procedure): from random start sets, each strategy proposes a batch per iteration, an oracle labels it (with optional noise), until recall reaches the threshold or the iteration limit. Writes one CSV row per strategy, run and iteration and prints the mean recall curves and iterations-to-threshold quartiles.</source>
        <translation>Simuliert Markierungssitzungen gegen Referenzdaten (das Verfahren des Clay-Ausgangs-Issues): Ausgehend von zufälligen Startmengen schlägt jede Strategie je Iteration einen Stapel vor, den ein Orakel (optional verrauscht) markiert, bis die Trefferquote die Schwelle oder die Iterationsgrenze erreicht. Schreibt eine CSV-Zeile je Strategie, Durchlauf und Iteration und gibt die mittleren Trefferquoten-Kurven und die Quartile der Iterationen bis zur Schwelle aus.</translation>
    </message>
    <message>
        <source>NAMES</source>
        <translation>NAMEN</translation>
    </message>
    <message>
        <source>Runs per strategy (default: 10).</source>
        <translation>Durchläufe je Strategie (Standard: 10).</translation>
    </message>
    <message>
        <source>Chips proposed per iteration (default: 25).</source>
        <translation>Je Iteration vorgeschlagene Chips (Standard: 25).</translation>
    </message>
    <message>
        <source>Random start positives (default: 3).</source>
        <translation>Zufällige Start-Positive (Standard: 3).</translation>
    </message>
    <message>
        <source>Random start negatives (default: 3).</source>
        <translation>Zufällige Start-Negative (Standard: 3).</translation>
    </message>
    <message>
        <source>Recall to reach (default: 0.95).</source>
        <translation>Zu erreichende Trefferquote (Standard: 0.95).</translation>
    </message>
    <message>
        <source>Iteration limit per run (default: 200).</source>
        <translation>Iterationsgrenze je Durchlauf (Standard: 200).</translation>
    </message>
    <message>
        <source>Probability that the oracle flips a label (default: 0).</source>
        <translation>Wahrscheinlichkeit, dass das Orakel eine Markierung umkehrt (Standard: 0).</translation>
    </message>
    <message>
        <source>Random seed (default: 0).</source>
        <translation>Zufalls-Startwert (Standard: 0).</translation>
    </message>
    <message>
        <source>Parameters of one strategy, name:key=value,... (repeatable).</source>
        <translation>Parameter einer Strategie, name:schlüssel=wert,... (wiederholbar).</translation>
    </message>
    <message>
        <source>Print the mean recall every N iterations (default: chosen to fit).</source>
        <translation>Die mittlere Trefferquote alle N Iterationen ausgeben (Standard: passend gewählt).</translation>
    </message>
    <message>
        <source>--truth (or --truth-polygons) is required (see --help)</source>
        <translation>--truth (oder --truth-polygons) ist erforderlich (siehe --help)</translation>
    </message>
    <message>
        <source>--%1 is required (see --help)</source>
        <translation>--%1 ist erforderlich (siehe --help)</translation>
    </message>
    <message>
        <source>--strategies: no strategy named</source>
        <translation>--strategies: keine Strategie angegeben</translation>
    </message>
    <message>
        <source>Dataset %1: %2 chips, %3 dimensions, %4; truth from %5: %6 positives</source>
        <translation>Datensatz %1: %2 Chips, %3 Dimensionen, %4; Referenzdaten aus %5: %6 Positive</translation>
    </message>
    <message>
        <source>%1 runs per strategy, batch %2, start %3+/%4-, threshold %5, at most %6 iterations, noise %7, seed %8</source>
        <translation>%1 Durchläufe je Strategie, Stapel %2, Start %3+/%4-, Schwelle %5, höchstens %6 Iterationen, Rauschen %7, Startwert %8</translation>
    </message>
    <message>
        <source>mean recall by iteration:</source>
        <translation>mittlere Trefferquote je Iteration:</translation>
    </message>
    <message>
        <source>runs reaching %1: %2 of %3</source>
        <translation>Durchläufe, die %1 erreichen: %2 von %3</translation>
    </message>
    <message>
        <source>iterations to threshold: q1 %1, median %2, q3 %3</source>
        <translation>Iterationen bis zur Schwelle: Q1 %1, Median %2, Q3 %3</translation>
    </message>
    <message>
        <source>labels spent (mean): %1; mean batch precision: %2</source>
        <translation>verbrauchte Markierungen (Mittel): %1; mittlere Stapelpräzision: %2</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>reached</source>
        <translation>erreicht</translation>
    </message>
    <message>
        <source>q1</source>
        <translation>Q1</translation>
    </message>
    <message>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>q3</source>
        <translation>Q3</translation>
    </message>
    <message>
        <source>labels</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <source>final recall</source>
        <translation>End-Trefferquote</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Simulate labeling with strategies against ground truth (recall curves)</source>
        <translation>Markieren mit Strategien gegen Referenzdaten simulieren (Trefferquoten-Kurven)</translation>
    </message>
    <message>
        <source>Lists the search strategies, their parameters and defaults. Pass parameters to &apos;search --params key=value,...&apos; or &apos;simulate --params name:key=value,...&apos;.</source>
        <translation>Listet die Suchstrategien mit ihren Parametern und Standardwerten auf. Parameter werden mit „search --params schlüssel=wert,...“ oder „simulate --params name:schlüssel=wert,...“ übergeben.</translation>
    </message>
    <message>
        <source>no arguments</source>
        <translation>keine Argumente</translation>
    </message>
    <message>
        <source> (uses negatives)</source>
        <translation> (nutzt Negative)</translation>
    </message>
    <message>
        <source>default %1</source>
        <translation>Standard %1</translation>
    </message>
    <message numerus="yes">
        <source>%n strategies</source>
        <translation>
            <numerusform>%n Strategie</numerusform>
            <numerusform>%n Strategien</numerusform>
        </translation>
    </message>
    <message>
        <source>List search strategies and their parameters</source>
        <translation>Suchstrategien und ihre Parameter auflisten</translation>
    </message>
    <message>
        <source>fewer than 2 chips</source>
        <translation>weniger als 2 Chips</translation>
    </message>
    <message>
        <source>from a random sample of %1 chips</source>
        <translation>aus einer Zufallsstichprobe von %1 Chips</translation>
    </message>
    <message>
        <source>Retrieval quality not computed: the truth has too few positives or negatives.</source>
        <translation>Suchqualität nicht berechnet: die Referenzdaten haben zu wenige Positive oder Negative.</translation>
    </message>
    <message>
        <source>Retrieval quality on %1 (%2 positives): %3 seeded queries of %4 positives and %5 negatives each, query chips excluded</source>
        <translation>Suchqualität auf %1 (%2 Positive): %3 Abfragen mit festem Startwert aus je %4 Positiven und %5 Negativen, ohne die Abfrage-Chips</translation>
    </message>
    <message>
        <source>With a truth: also measure the retrieval quality (precision@k, recall@k, MAP@R over 5 seeded queries) of these strategies, comma-separated.</source>
        <translation>Mit Referenzdaten: zusätzlich die Suchqualität (precision@k, recall@k, MAP@R über 5 Abfragen mit festem Startwert) dieser Strategien messen, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>k of precision@k and recall@k (default: 25).</source>
        <translation>k von precision@k und recall@k (Standard: 25).</translation>
    </message>
    <message>
        <source>Diversity of a set of more than N chips uses a random sample of N chips (its cost grows with N squared; default: 20000).</source>
        <translation>Die Vielfalt einer Menge von mehr als N Chips wird an einer Zufallsstichprobe von N Chips berechnet (der Aufwand wächst mit N zum Quadrat; Standard: 20000).</translation>
    </message>
    <message>
        <source>--strategies needs --truth or --truth-polygons</source>
        <translation>--strategies braucht --truth oder --truth-polygons</translation>
    </message>
    <message>
        <source>--%1: &apos;%2&apos; is more than the largest allowed value, %3</source>
        <translation>--%1: &apos;%2&apos; ist größer als der größte erlaubte Wert, %3</translation>
    </message>
    <message>
        <source>the dataset</source>
        <translation>der Datensatz</translation>
    </message>
    <message>
        <source>--%1 &apos;%2&apos; is %3 &apos;%4&apos;: an output never overwrites an input</source>
        <translation>--%1 &apos;%2&apos; ist %3 &apos;%4&apos;: eine Ausgabe überschreibt nie eine Eingabe</translation>
    </message>
    <message>
        <source>--%1 and --%2 name the same file &apos;%3&apos;</source>
        <translation>--%1 und --%2 nennen dieselbe Datei &apos;%3&apos;</translation>
    </message>
    <message>
        <source>--out &apos;%1&apos; is the raster: an output never overwrites an input</source>
        <translation>--out &apos;%1&apos; ist das Raster: eine Ausgabe überschreibt nie eine Eingabe</translation>
    </message>
    <message>
        <source>--water-polygons &apos;%1&apos; is the raster or the --out file: an output never overwrites an input or another output</source>
        <translation>--water-polygons &apos;%1&apos; ist das Raster oder die --out-Datei: eine Ausgabe überschreibt nie eine Eingabe oder eine andere Ausgabe</translation>
    </message>
    <message>
        <source>--water-polygons &apos;%1&apos; is not a regular file</source>
        <translation>--water-polygons &apos;%1&apos; ist keine normale Datei</translation>
    </message>
    <message>
        <source>--out &apos;%1&apos; is %2 &apos;%3&apos;: an output never overwrites an input</source>
        <translation>--out &apos;%1&apos; ist %2 &apos;%3&apos;: eine Ausgabe überschreibt nie eine Eingabe</translation>
    </message>
    <message>
        <source>the project</source>
        <translation>das Projekt</translation>
    </message>
    <message>
        <source>not enough memory for this request (a very large --k, --batch, --runs or dataset?)</source>
        <translation>nicht genug Speicher für diese Anfrage (ein sehr großes --k, --batch, --runs oder ein sehr großer Datensatz?)</translation>
    </message>
    <message>
        <source>--batch: %1 is more than the %2 chips of the dataset</source>
        <translation>--batch: %1 ist mehr als die %2 Chips des Datensatzes</translation>
    </message>
    <message>
        <source>strategy &apos;%1&apos; gave chip &apos;%2&apos; a score that is not a finite number</source>
        <translation>Strategie &apos;%1&apos; gab Chip &apos;%2&apos; einen Wert, der keine endliche Zahl ist</translation>
    </message>
    <message>
        <source>Strategy name (see &apos;chipfinder-cli strategies&apos;; default: auto).</source>
        <translation>Name der Strategie (siehe „chipfinder-cli strategies“; Standard: auto).</translation>
    </message>
    <message>
        <source>Strategy names, comma-separated (default: auto). The reference curves oracle and random are always added.</source>
        <translation>Namen der Strategien, durch Kommas getrennt (Standard: auto). Die Referenzkurven oracle und random kommen immer hinzu.</translation>
    </message>
    <message>
        <source>--strategies: %1 is a reference curve, always added</source>
        <translation>--strategies: %1 ist eine Referenzkurve und kommt immer hinzu</translation>
    </message>
    <message>
        <source>(reference)</source>
        <translation>(Referenz)</translation>
    </message>
    <message>
        <source>vs oracle</source>
        <translation>ggü. Orakel</translation>
    </message>
    <message>
        <source>random/x</source>
        <translation>Zufall/x</translation>
    </message>
    <message>
        <source>vs oracle = median iterations to threshold / the oracle&apos;s (1x is the best possible); random/x = random labeling&apos;s median / this one&apos;s (above 1x beats random).</source>
        <translation>ggü. Orakel = Median der Iterationen bis zur Schwelle / der des Orakels (1x ist das bestmögliche); Zufall/x = Median bei zufälligem Labeln / dieser Median (über 1x ist besser als Zufall).</translation>
    </message>
    <message>
        <source>Keep the raw features instead of standardising them over the chips (square root, z-score per feature, whitening).</source>
        <translation>Die unveränderten Merkmale behalten, statt sie über die Chips zu standardisieren (Quadratwurzel, z-Wert je Merkmal, Weißung).</translation>
    </message>
    <message>
        <source>Reading the dataset</source>
        <translation>Datensatz lesen</translation>
    </message>
    <message>
        <source>Analysing</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>Run &apos;chipfinder-cli --help&apos; for the commands.</source>
        <translation>„chipfinder-cli --help“ zeigt die Befehle.</translation>
    </message>
    <message>
        <source>Run &apos;chipfinder-cli %1 --help&apos; for its options.</source>
        <translation>„chipfinder-cli %1 --help“ zeigt seine Optionen.</translation>
    </message>
    <message>
        <source>Write the result as JSON to FILE (&apos;-&apos;: standard output).</source>
        <translation>Das Ergebnis als JSON in DATEI schreiben („-“: Standardausgabe).</translation>
    </message>
    <message>
        <source>Report progress on standard error (default: when it is a terminal).</source>
        <translation>Fortschritt auf der Standardfehlerausgabe melden (Standard: wenn sie ein Terminal ist).</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1: fertig</translation>
    </message>
    <message>
        <source>--%1 and --%2 both name standard output (&apos;-&apos;)</source>
        <translation>--%1 und --%2 nennen beide die Standardausgabe („-“)</translation>
    </message>
    <message>
        <source>--%1: the project&apos;s dataset has no chip with the id &apos;%2&apos;</source>
        <translation>--%1: Der Datensatz des Projekts hat keinen Chip mit der ID „%2“</translation>
    </message>
    <message>
        <source>Exit status: 0 success, 1 a data error (a file that cannot be read or written, bad content), 2 a usage error (unknown command or option, missing argument, bad option value).</source>
        <translation>Rückgabewert: 0 Erfolg, 1 ein Datenfehler (eine Datei, die sich nicht lesen oder schreiben lässt, fehlerhafter Inhalt), 2 ein Aufruffehler (unbekannter Befehl oder unbekannte Option, fehlendes Argument, ungültiger Optionswert).</translation>
    </message>
    <message>
        <source>Creates a project (a .chipfinder.gpkg file the app opens) for a dataset. The dataset&apos;s path is stored relative to the project, its absolute path as the fallback.</source>
        <translation>Legt ein Projekt (eine .chipfinder.gpkg-Datei, die die App öffnet) für einen Datensatz an. Der Pfad des Datensatzes wird relativ zum Projekt gespeichert, sein absoluter Pfad als Rückfall.</translation>
    </message>
    <message>
        <source>The new project file (e.g. ponds.chipfinder.gpkg).</source>
        <translation>Die neue Projektdatei (z. B. teiche.chipfinder.gpkg).</translation>
    </message>
    <message>
        <source>PROJECT DATASET</source>
        <translation>PROJEKT DATENSATZ</translation>
    </message>
    <message>
        <source>PROJECT &apos;%1&apos; exists already (open it with the other project commands)</source>
        <translation>PROJEKT „%1“ existiert bereits (mit den anderen project-Befehlen öffnen)</translation>
    </message>
    <message>
        <source>Created %1 for %2 (%3 chips, %4 dimensions)</source>
        <translation>%1 für %2 angelegt (%3 Chips, %4 Dimensionen)</translation>
    </message>
    <message>
        <source>Labels: %1 positive, %2 negative; round %3, %4 candidates, %5 skipped</source>
        <translation>Labels: %1 positiv, %2 negativ; Runde %3, %4 Kandidaten, %5 übersprungen</translation>
    </message>
    <message>
        <source>chip &apos;%1&apos; is given to both --%2 and --%3</source>
        <translation>Chip „%1“ ist sowohl bei --%2 als auch bei --%3 angegeben</translation>
    </message>
    <message>
        <source>Labels chips of a project positive or negative, or clears their labels (as clicks and box selections in the app do; each change is an undoable step there).</source>
        <translation>Markiert Chips eines Projekts positiv oder negativ oder entfernt ihre Labels (wie Klicks und Rechteckauswahlen in der App; jede Änderung ist dort ein rückgängig zu machender Schritt).</translation>
    </message>
    <message>
        <source>The project file.</source>
        <translation>Die Projektdatei.</translation>
    </message>
    <message>
        <source>Ids of chips to label positive, comma-separated (repeatable).</source>
        <translation>IDs der positiv zu markierenden Chips, durch Kommas getrennt (wiederholbar).</translation>
    </message>
    <message>
        <source>Ids of chips to label negative, comma-separated (repeatable).</source>
        <translation>IDs der negativ zu markierenden Chips, durch Kommas getrennt (wiederholbar).</translation>
    </message>
    <message>
        <source>Ids of chips whose labels to remove, comma-separated (repeatable).</source>
        <translation>IDs der Chips, deren Labels entfernt werden, durch Kommas getrennt (wiederholbar).</translation>
    </message>
    <message>
        <source>give --positive, --negative or --clear</source>
        <translation>--positive, --negative oder --clear angeben</translation>
    </message>
    <message>
        <source>Labeled %1 positive, %2 negative, cleared %3.</source>
        <translation>%1 positiv, %2 negativ markiert, %3 entfernt.</translation>
    </message>
    <message>
        <source>Reviews the candidates of the project&apos;s current round (written by &apos;search PROJECT&apos;): accepted ones become positive, rejected ones negative labels that record the strategy that proposed them; skipped ones stay unlabeled and are not proposed again.</source>
        <translation>Prüft die Kandidaten der aktuellen Runde des Projekts (geschrieben von „search PROJEKT“): angenommene werden positive, abgelehnte negative Labels, die die vorschlagende Strategie festhalten; übersprungene bleiben unmarkiert und werden nicht wieder vorgeschlagen.</translation>
    </message>
    <message>
        <source>Ids of candidates to accept, comma-separated (repeatable).</source>
        <translation>IDs der anzunehmenden Kandidaten, durch Kommas getrennt (wiederholbar).</translation>
    </message>
    <message>
        <source>Ids of candidates to reject, comma-separated (repeatable).</source>
        <translation>IDs der abzulehnenden Kandidaten, durch Kommas getrennt (wiederholbar).</translation>
    </message>
    <message>
        <source>Ids of candidates to skip, comma-separated (repeatable).</source>
        <translation>IDs der zu überspringenden Kandidaten, durch Kommas getrennt (wiederholbar).</translation>
    </message>
    <message>
        <source>give --accept, --reject or --skip</source>
        <translation>--accept, --reject oder --skip angeben</translation>
    </message>
    <message>
        <source>Accepted %1, rejected %2, skipped %3.</source>
        <translation>%1 angenommen, %2 abgelehnt, %3 übersprungen.</translation>
    </message>
    <message>
        <source>Imports labels into a project from a vector file: a layer with a chip_id column (e.g. an export read back), or polygons that label the chips they cover. FILE &apos;-&apos; reads GeoJSON from standard input.</source>
        <translation>Importiert Labels aus einer Vektordatei in ein Projekt: ein Layer mit einer Spalte chip_id (z. B. ein wieder eingelesener Export) oder Polygone, die die Chips markieren, die sie bedecken. DATEI „-“ liest GeoJSON von der Standardeingabe.</translation>
    </message>
    <message>
        <source>GeoJSON, GeoPackage, FlatGeobuf or any OGR format.</source>
        <translation>GeoJSON, GeoPackage, FlatGeobuf oder jedes OGR-Format.</translation>
    </message>
    <message>
        <source>Layer to read (default: the first).</source>
        <translation>Zu lesender Layer (Standard: der erste).</translation>
    </message>
    <message>
        <source>ids, polygons or auto (ids when the layer has the chip id column; default: auto).</source>
        <translation>ids, polygons oder auto (ids, wenn der Layer die Chip-ID-Spalte hat; Standard: auto).</translation>
    </message>
    <message>
        <source>Keep large embedding matrices in the user cache so that later runs map them: float32, float16 or off (default: float32).</source>
        <translation>Große Embedding-Matrizen im Benutzer-Cache ablegen, damit spätere Läufe sie einblenden: float32, float16 oder off (Standard: float32).</translation>
    </message>
    <message>
        <source>MODE</source>
        <translation>MODUS</translation>
    </message>
    <message>
        <source>Column of the chip ids (default: chip_id).</source>
        <translation>Spalte der Chip-IDs (Standard: chip_id).</translation>
    </message>
    <message>
        <source>Column of the labels: positive/negative, 1/0, true/false, yes/no (default: label).</source>
        <translation>Spalte der Labels: positive/negative, 1/0, true/false, yes/no (Standard: label).</translation>
    </message>
    <message>
        <source>Give every row this label instead: positive or negative.</source>
        <translation>Stattdessen jeder Zeile dieses Label geben: positive oder negative.</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>WERT</translation>
    </message>
    <message>
        <source>Polygons: chip fraction they must cover (default: 0.5).</source>
        <translation>Polygone: Anteil eines Chips, den sie bedecken müssen (Standard: 0.5).</translation>
    </message>
    <message>
        <source>Ids: ignore ids the dataset does not have (default: an error).</source>
        <translation>IDs: IDs, die der Datensatz nicht hat, übergehen (Standard: ein Fehler).</translation>
    </message>
    <message>
        <source>PROJECT FILE</source>
        <translation>PROJEKT DATEI</translation>
    </message>
    <message>
        <source>--mode: &apos;%1&apos; is not ids, polygons or auto</source>
        <translation>--mode: „%1“ ist nicht ids, polygons oder auto</translation>
    </message>
    <message>
        <source>--label: &apos;%1&apos; is not positive or negative</source>
        <translation>--label: „%1“ ist nicht positive oder negative</translation>
    </message>
    <message>
        <source>Reading the labels</source>
        <translation>Labels lesen</translation>
    </message>
    <message>
        <source>Imported %1 labels (%2 changed).</source>
        <translation>%1 Labels importiert (%2 geändert).</translation>
    </message>
    <message>
        <source>Shows a project: its dataset, labels, the current round&apos;s candidates with the strategy that proposed each and the review decisions.</source>
        <translation>Zeigt ein Projekt: seinen Datensatz, die Labels, die Kandidaten der aktuellen Runde mit der Strategie, die jeden vorschlug, und die Prüfentscheidungen.</translation>
    </message>
    <message>
        <source>Project: %1</source>
        <translation>Projekt: %1</translation>
    </message>
    <message>
        <source>Dataset: %1 (%2 chips)</source>
        <translation>Datensatz: %1 (%2 Chips)</translation>
    </message>
    <message>
        <source>Candidates of round %1 (%2):</source>
        <translation>Kandidaten der Runde %1 (%2):</translation>
    </message>
    <message>
        <source>Usage: chipfinder-cli project create|label|import|review|show PROJECT ...
  create PROJECT DATASET   make a project for a dataset
  label PROJECT --positive IDS --negative IDS --clear IDS
  import PROJECT FILE      labels from a file (chip ids or polygons)
  review PROJECT --accept IDS --reject IDS --skip IDS
  show PROJECT [--json FILE|-]
Rounds of candidates: chipfinder-cli search PROJECT. &apos;chipfinder-cli project COMMAND --help&apos; lists a command&apos;s options.</source>
        <translation>Aufruf: chipfinder-cli project create|label|import|review|show PROJEKT ...
  create PROJEKT DATENSATZ   ein Projekt für einen Datensatz anlegen
  label PROJEKT --positive IDS --negative IDS --clear IDS
  import PROJEKT DATEI       Labels aus einer Datei (Chip-IDs oder Polygone)
  review PROJEKT --accept IDS --reject IDS --skip IDS
  show PROJEKT [--json DATEI|-]
Runden von Kandidaten: chipfinder-cli search PROJEKT. „chipfinder-cli project BEFEHL --help“ zeigt die Optionen eines Befehls.</translation>
    </message>
    <message>
        <source>project: a command is missing</source>
        <translation>project: ein Befehl fehlt</translation>
    </message>
    <message>
        <source>project: unknown command &apos;%1&apos;</source>
        <translation>project: unbekannter Befehl „%1“</translation>
    </message>
    <message>
        <source>Create a project, label chips, import labels, review candidates</source>
        <translation>Projekt anlegen, Chips markieren, Labels importieren, Kandidaten prüfen</translation>
    </message>
    <message>
        <source>--%1 does not apply to a project: its labels and dataset are the project&apos;s (label chips with &apos;chipfinder-cli project label&apos;)</source>
        <translation>--%1 gilt nicht für ein Projekt: Labels und Datensatz sind die des Projekts (Chips markieren mit „chipfinder-cli project label“)</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Runs one search strategy from labeled chips and prints the ranked candidates. Labeled chips are never returned. Given a project (see &apos;chipfinder-cli project&apos;), the labels are the project&apos;s, skipped chips are left out too, and the candidates become the project&apos;s next round, as in the app (review them with &apos;chipfinder-cli project review&apos;).</source>
        <translation>Führt eine Suchstrategie ausgehend von markierten Chips aus und gibt die Kandidaten nach Rang aus. Markierte Chips werden nie zurückgegeben. Bei einem Projekt (siehe „chipfinder-cli project“) sind die Labels die des Projekts, übersprungene Chips bleiben ebenfalls außen vor, und die Kandidaten werden die nächste Runde des Projekts, wie in der App (prüfen mit „chipfinder-cli project review“).</translation>
    </message>
    <message>
        <source>DATASET|PROJECT</source>
        <translation>DATENSATZ|PROJEKT</translation>
    </message>
    <message>
        <source>Vector file, GeoParquet or embedding raster, or a project file.</source>
        <translation>Vektordatei, GeoParquet oder Embedding-Raster oder eine Projektdatei.</translation>
    </message>
    <message>
        <source>Random seed for randomised strategies (default: 0; for a project the app&apos;s seed of the round).</source>
        <translation>Zufallsstartwert für zufallsbasierte Strategien (Standard: 0; bei einem Projekt der Startwert der App für die Runde).</translation>
    </message>
    <message>
        <source>--json FILE writes the JSON result: give it or --out with --format</source>
        <translation>--json DATEI schreibt das JSON-Ergebnis: entweder das oder --out mit --format angeben</translation>
    </message>
    <message>
        <source>--positives: at least one positive chip id is required (or give a project file)</source>
        <translation>--positives: mindestens eine positive Chip-ID ist nötig (oder eine Projektdatei angeben)</translation>
    </message>
    <message>
        <source>CSV output file (&apos;-&apos;: standard output).</source>
        <translation>CSV-Ausgabedatei („-“: Standardausgabe).</translation>
    </message>
    <message>
        <source>Simulating</source>
        <translation>Simulieren</translation>
    </message>
    <message>
        <source>Embedding the chips</source>
        <translation>Chips einbetten</translation>
    </message>
    <message>
        <source>--embedding-cache: &apos;%1&apos; is not float32, float16 or off</source>
        <translation>--embedding-cache: &apos;%1&apos; ist weder float32, float16 noch off</translation>
    </message>
    <message>
        <source>Do not read the embeddings: no NaN/zero check, dimensions not shown.</source>
        <translation>Die Embeddings nicht lesen: keine NaN-/Null-Prüfung, Dimensionen nicht angezeigt.</translation>
    </message>
    <message>
        <source>not read (--no-check)</source>
        <translation>nicht gelesen (--no-check)</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Ground size of the square chip around each point, in metres (default: the file&apos;s chip_size_m metadata).</source>
        <translation>Bodengröße des quadratischen Chips um jeden Punkt in Metern (Standard: die Metadaten chip_size_m der Datei).</translation>
    </message>
    <message>
        <source>METRES</source>
        <translation>METER</translation>
    </message>
    <message>
        <source>CRS of the coordinates, e.g. EPSG:32614 (overrides the file&apos;s).</source>
        <translation>KBS der Koordinaten, z. B. EPSG:32614 (ersetzt das der Datei).</translation>
    </message>
    <message>
        <source>Element type of blob embeddings: f16, f32 or f64 (default: detected).</source>
        <translation>Elementtyp von Blob-Embeddings: f16, f32 oder f64 (Standard: erkannt).</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYP</translation>
    </message>
    <message>
        <source>Fail on rows that cannot be chips instead of skipping them.</source>
        <translation>Bei Zeilen, die keine Chips sein können, abbrechen statt sie zu überspringen.</translation>
    </message>
    <message>
        <source>Read signed 8-bit or scaled embedding rasters as stored.</source>
        <translation>Vorzeichenbehaftete 8-Bit- oder skalierte Embedding-Raster so lesen, wie sie gespeichert sind.</translation>
    </message>
    <message>
        <source>--blob-type: &apos;%1&apos; is not f16, f32 or f64</source>
        <translation>--blob-type: „%1“ ist nicht f16, f32 oder f64</translation>
    </message>
    <message>
        <source>%1: %2 (--strict makes this an error)</source>
        <translation>%1: %2 (mit --strict ist das ein Fehler)</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>%1 rows not loaded: %2</source>
        <translation>%1 Zeilen nicht geladen: %2</translation>
    </message>
    <message>
        <source>Add an audit round of N unlabeled chips, drawn at random stratified by score and labeled by the truth, every --audit-every iterations, and write the estimate of the positives left with its 95 % interval and whether it holds the truth (default: 0, no audits).</source>
        <translation>Alle --audit-every Iterationen eine Stichprobenrunde von N unmarkierten Chips einfügen (zufällig, nach Score geschichtet, nach der Wahrheit markiert) und die Schätzung der verbleibenden Positiven mit ihrem 95-%-Intervall schreiben und ob es die Wahrheit enthält (Standard: 0, keine Stichproben).</translation>
    </message>
    <message>
        <source>Iterations between audit rounds (default: 5).</source>
        <translation>Iterationen zwischen Stichprobenrunden (Standard: 5).</translation>
    </message>
    <message>
        <source>audit: the 95 % interval of the positives left held the truth in %1 of %2 rounds (%3 %); mean width %4, mean true number left %5</source>
        <translation>Stichprobe: das 95-%-Intervall der verbleibenden Positiven enthielt die Wahrheit in %1 von %2 Runden (%3 %); mittlere Breite %4, im Mittel wirklich verbleibend %5</translation>
    </message>
    <message>
        <source>Finds where inside chips the query (the positives&apos; mean direction, minus the negatives&apos;) matches: a heatmap per chip, and its tight footprint (the heat above a threshold) written beside the chip footprint. Datasets made by &apos;embed&apos; localise with sub-windows of each chip embedded from the raster (--imagery, with the embedder options &apos;embed&apos; used); other datasets only when their chips overlap.</source>
        <translation>Findet, wo in Chips die Abfrage (die mittlere Richtung der Positiven abzüglich der der Negativen) zutrifft: ein Wärmebild je Chip und sein enger Umriss (die Wärme über einer Schwelle), geschrieben neben den Chip-Umriss. Mit „embed“ erzeugte Datensätze lokalisieren mit Teilfenstern jedes Chips, eingebettet aus dem Raster (--imagery, mit den Einbettungsoptionen, die „embed“ verwendet hat); andere Datensätze nur, wenn sich ihre Chips überlappen.</translation>
    </message>
    <message>
        <source>Ids of the chips to locate, comma-separated.</source>
        <translation>Ids der zu lokalisierenden Chips, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Locate the K unlabeled chips that score best against the query.</source>
        <translation>Die K unmarkierten Chips lokalisieren, die am besten zur Abfrage passen.</translation>
    </message>
    <message>
        <source>Output file: .geojson, .json, .gpkg or .fgb.</source>
        <translation>Ausgabedatei: .geojson, .json, .gpkg oder .fgb.</translation>
    </message>
    <message>
        <source>Tight footprint: heat at or above min + T·(max − min) of the chip (default 0.7).</source>
        <translation>Enger Umriss: Wärme ab min + T·(max − min) des Chips (Standard 0.7).</translation>
    </message>
    <message>
        <source>The raster the chips were embedded from (as given to &apos;embed&apos;).</source>
        <translation>Das Raster, aus dem die Chips eingebettet wurden (wie an „embed“ übergeben).</translation>
    </message>
    <message>
        <source>Embedder option used by &apos;embed&apos; (default 256).</source>
        <translation>Einbettungsoption, die „embed“ verwendet hat (Standard 256).</translation>
    </message>
    <message>
        <source>Embedder option used by &apos;embed&apos; (default 3).</source>
        <translation>Einbettungsoption, die „embed“ verwendet hat (Standard 3).</translation>
    </message>
    <message>
        <source>The --seed given to &apos;embed&apos; (default 0).</source>
        <translation>Der an „embed“ übergebene --seed (Standard 0).</translation>
    </message>
    <message>
        <source>Embedder option used by &apos;embed&apos; (default 1).</source>
        <translation>Einbettungsoption, die „embed“ verwendet hat (Standard 1).</translation>
    </message>
    <message>
        <source>The dataset was embedded with --no-normalize.</source>
        <translation>Der Datensatz wurde mit --no-normalize eingebettet.</translation>
    </message>
    <message>
        <source>The dataset was embedded with --no-standardize.</source>
        <translation>Der Datensatz wurde mit --no-standardize eingebettet.</translation>
    </message>
    <message>
        <source>locate needs either --chips IDS or --top K</source>
        <translation>locate braucht entweder --chips IDS oder --top K</translation>
    </message>
    <message>
        <source>locate needs --out FILE</source>
        <translation>locate braucht --out DATEI</translation>
    </message>
    <message>
        <source>--out &apos;%1&apos;: the extension must be .geojson, .json, .gpkg or .fgb</source>
        <translation>--out &apos;%1&apos;: die Endung muss .geojson, .json, .gpkg oder .fgb sein</translation>
    </message>
    <message>
        <source>--out &apos;%1&apos; is the --imagery raster: an output never overwrites an input</source>
        <translation>--out &apos;%1&apos; ist das --imagery-Raster: eine Ausgabe überschreibt nie eine Eingabe</translation>
    </message>
    <message>
        <source>no chip to locate</source>
        <translation>kein Chip zu lokalisieren</translation>
    </message>
    <message>
        <source>this dataset cannot localise: %1</source>
        <translation>dieser Datensatz kann nicht lokalisieren: %1</translation>
    </message>
    <message>
        <source>Located %1 chips by %2 (%3 ms to prepare, %4 ms per chip); %5 features written to %6</source>
        <translation>%1 Chips mit %2 lokalisiert (%3 ms Vorbereitung, %4 ms je Chip); %5 Objekte nach %6 geschrieben</translation>
    </message>
    <message>
        <source>Where inside chips the query matches: tight footprints beside the chips</source>
        <translation>Wo in Chips die Abfrage zutrifft: enge Umrisse neben den Chips</translation>
    </message>
    <message>
        <source>File of ids for --%1, one per line (ids with any characters).</source>
        <translation>Datei mit IDs für --%1, eine pro Zeile (IDs mit beliebigen Zeichen).</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Label satellite image chips and find similar ones from their embeddings.</source>
        <translation>Satellitenbild-Chips markieren und anhand ihrer Einbettungen ähnliche finden.</translation>
    </message>
    <message>
        <source>Open the bundled demo dataset.</source>
        <translation>Den mitgelieferten Demo-Datensatz öffnen.</translation>
    </message>
    <message>
        <source>User interface language (e.g. de, en).</source>
        <translation>Sprache der Oberfläche (z. B. de, en).</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>A project (*.chipfinder.gpkg) or a dataset to open.</source>
        <translation>Ein zu öffnendes Projekt (*.chipfinder.gpkg) oder ein Datensatz.</translation>
    </message>
</context>
<context>
    <name>strategy</name>
    <message>
        <source>Centroid</source>
        <translation>Schwerpunkt</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>Klassifikator</translation>
    </message>
    <message>
        <source>A logistic regression trained on positives vs negatives ranks every chip; optionally proposes the most uncertain chips instead.</source>
        <translation>Eine auf Positiven gegen Negative trainierte logistische Regression ordnet jeden Chip; wahlweise schlägt sie stattdessen die unsichersten Chips vor.</translation>
    </message>
    <message>
        <source>Regularisation (L2)</source>
        <translation>Regularisierung (L2)</translation>
    </message>
    <message>
        <source>Strength of the L2 penalty on the weights.</source>
        <translation>Stärke der L2-Strafe auf die Gewichte.</translation>
    </message>
    <message>
        <source>Uncertainty sampling</source>
        <translation>Unsicherheitsauswahl</translation>
    </message>
    <message>
        <source>Propose the chips closest to the decision boundary (active learning).</source>
        <translation>Die Chips nahe der Entscheidungsgrenze vorschlagen (aktives Lernen).</translation>
    </message>
    <message>
        <source>Common contrastive</source>
        <translation>Gemeinsam kontrastiv</translation>
    </message>
    <message>
        <source>Common similar, minus the chips that the negatives&apos; neighbourhoods share: removes look-alikes the analyst rejected.</source>
        <translation>Wie „Gemeinsam ähnlich“, ohne die Chips, die auch in den Nachbarschaften der Negativen liegen: entfernt Doppelgänger, die bereits abgelehnt wurden.</translation>
    </message>
    <message>
        <source>Neighbours per positive (C)</source>
        <translation>Nachbarn je Positivem (C)</translation>
    </message>
    <message>
        <source>How many nearest chips of each positive are considered.</source>
        <translation>Wie viele nächste Chips jedes Positiven berücksichtigt werden.</translation>
    </message>
    <message>
        <source>Neighbours per negative</source>
        <translation>Nachbarn je Negativem</translation>
    </message>
    <message>
        <source>How many nearest chips of each negative count against a candidate.</source>
        <translation>Wie viele nächste Chips jedes Negativen gegen einen Kandidaten zählen.</translation>
    </message>
    <message>
        <source>Negative weight</source>
        <translation>Gewicht der Negativen</translation>
    </message>
    <message>
        <source>How much one negative&apos;s vote subtracts from a candidate&apos;s positive votes.</source>
        <translation>Wie viel die Stimme eines Negativen von den positiven Stimmen eines Kandidaten abzieht.</translation>
    </message>
    <message>
        <source>Common similar</source>
        <translation>Gemeinsam ähnlich</translation>
    </message>
    <message>
        <source>Chips found among the nearest neighbours of many positives at once: ranked by how many positives share them.</source>
        <translation>Chips, die zugleich unter den nächsten Nachbarn vieler Positiver sind: geordnet danach, wie viele Positive sie teilen.</translation>
    </message>
    <message>
        <source>Diverse</source>
        <translation>Vielfältig</translation>
    </message>
    <message>
        <source>Base strategy</source>
        <translation>Basisstrategie</translation>
    </message>
    <message>
        <source>The strategy whose results are re-ranked.</source>
        <translation>Die Strategie, deren Ergebnisse umsortiert werden.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <source>Maximal marginal relevance or k-center greedy.</source>
        <translation>Maximal Marginal Relevance oder gieriges k-Center.</translation>
    </message>
    <message>
        <source>Relevance weight λ</source>
        <translation>Relevanzgewicht λ</translation>
    </message>
    <message>
        <source>MMR: weight of relevance against novelty.</source>
        <translation>MMR: Gewicht der Relevanz gegenüber der Neuheit.</translation>
    </message>
    <message>
        <source>Pool size (× k)</source>
        <translation>Poolgröße (× k)</translation>
    </message>
    <message>
        <source>How many base results (as a multiple of k) are re-ranked.</source>
        <translation>Wie viele Ergebnisse der Basisstrategie (als Vielfaches von k) umsortiert werden.</translation>
    </message>
    <message>
        <source>k-NN union</source>
        <translation>k-NN-Vereinigung</translation>
    </message>
    <message>
        <source>Learned metric</source>
        <translation>Gelernte Metrik</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Abstandsspanne</translation>
    </message>
    <message>
        <source>Triplet margin, as a fraction of the mean squared distance between labeled chips.</source>
        <translation>Triplet-Spanne als Anteil des mittleren quadrierten Abstands zwischen markierten Chips.</translation>
    </message>
    <message>
        <source>Output dimensions</source>
        <translation>Ausgabedimensionen</translation>
    </message>
    <message>
        <source>Dimensions of the mapped space.</source>
        <translation>Dimensionen des abgebildeten Raums.</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Training passes over the mined triplets.</source>
        <translation>Trainingsdurchgänge über die gewonnenen Triplets.</translation>
    </message>
    <message>
        <source>Pruned (forest importance)</source>
        <translation>Reduziert (Random-Forest-Wichtigkeit)</translation>
    </message>
    <message>
        <source>Dimensions kept</source>
        <translation>Behaltene Dimensionen</translation>
    </message>
    <message>
        <source>Fraction of dimensions kept, most important first.</source>
        <translation>Anteil der behaltenen Dimensionen, die wichtigsten zuerst.</translation>
    </message>
    <message>
        <source>Search in subspace</source>
        <translation>Suche im Unterraum</translation>
    </message>
    <message>
        <source>Strategy run in the pruned subspace.</source>
        <translation>Strategie, die im reduzierten Unterraum läuft.</translation>
    </message>
    <message>
        <source>Trees</source>
        <translation>Bäume</translation>
    </message>
    <message>
        <source>Trees in the random forest.</source>
        <translation>Bäume im Random Forest.</translation>
    </message>
    <message>
        <source>For the common-similar base.</source>
        <translation>Für die Basis „Gemeinsam ähnlich“.</translation>
    </message>
    <message>
        <source>Random positive</source>
        <translation>Zufälliges Positives</translation>
    </message>
    <message>
        <source>Rocchio</source>
        <translation>Rocchio</translation>
    </message>
    <message>
        <source>Positive weight α</source>
        <translation>Gewicht der Positiven α</translation>
    </message>
    <message>
        <source>Weight of the positives&apos; mean.</source>
        <translation>Gewicht des Mittelwerts der Positiven.</translation>
    </message>
    <message>
        <source>Negative weight β</source>
        <translation>Gewicht der Negativen β</translation>
    </message>
    <message>
        <source>Weight of the negatives&apos; mean subtracted from the query.</source>
        <translation>Gewicht des von der Abfrage abgezogenen Mittelwerts der Negativen.</translation>
    </message>
    <message>
        <source>Chips most like the average of your positives.</source>
        <translation>Chips, die dem Durchschnitt Ihrer Positiven am ähnlichsten sind.</translation>
    </message>
    <message>
        <source>Another strategy&apos;s best chips, reordered so that one round shows varied candidates instead of near-copies.</source>
        <translation>Die besten Chips einer anderen Strategie, so umgeordnet, dass eine Runde vielfältige Kandidaten statt Beinahe-Kopien zeigt.</translation>
    </message>
    <message>
        <source>The chips most like any one of your positives, closest first.</source>
        <translation>Die Chips, die einem Ihrer Positiven am ähnlichsten sind, die nächsten zuerst.</translation>
    </message>
    <message>
        <source>Learns from your labels what makes chips alike for this search, then finds the chips most like your positives in that sense.</source>
        <translation>Lernt aus Ihren Markierungen, was Chips für diese Suche ähnlich macht, und findet dann die Chips, die Ihren Positiven in diesem Sinne am ähnlichsten sind.</translation>
    </message>
    <message>
        <source>Compares chips only on the embedding dimensions that tell your positives from your negatives (found by a random forest).</source>
        <translation>Vergleicht Chips nur in den Embedding-Dimensionen, die Ihre Positiven von Ihren Negativen unterscheiden (von einem Random Forest ermittelt).</translation>
    </message>
    <message>
        <source>Chips most like one of your positives, picked at random each round.</source>
        <translation>Chips, die einem Ihrer Positiven am ähnlichsten sind; welchem, wird jede Runde zufällig gewählt.</translation>
    </message>
    <message>
        <source>Chips most like your positives and least like your negatives (the classic relevance-feedback query α·positives − β·negatives).</source>
        <translation>Chips, die Ihren Positiven am ähnlichsten und Ihren Negativen am unähnlichsten sind (die klassische Relevance-Feedback-Abfrage α·Positive − β·Negative).</translation>
    </message>
    <message>
        <source>Boundary share</source>
        <translation>Anteil an der Entscheidungsgrenze</translation>
    </message>
    <message>
        <source>Share of each batch taken from the chips closest to the decision boundary; the rest are the top scores (0 = top scores only, 1 = uncertainty sampling).</source>
        <translation>Anteil jedes Stapels aus den Chips, die der Entscheidungsgrenze am nächsten liegen; der Rest sind die am höchsten bewerteten Chips (0 = nur die höchsten Bewertungen, 1 = Unsicherheitsauswahl).</translation>
    </message>
    <message>
        <source>Count labeled neighbours</source>
        <translation>Markierte Nachbarn mitzählen</translation>
    </message>
    <message>
        <source>Each positive&apos;s C nearest chips include the labeled ones (the seed&apos;s procedure): positives inside an already found cluster cast few votes.</source>
        <translation>Die C nächsten Chips jedes Positiven schließen die markierten ein (das Verfahren des Clay-Ausgangs-Issues): Positive inmitten einer bereits gefundenen Gruppe geben wenige Stimmen ab.</translation>
    </message>
    <message>
        <source>Tie-break</source>
        <translation>Gleichstand auflösen</translation>
    </message>
    <message>
        <source>Between equal vote counts: the best similarity to a positive, or the summed similarity to the positives that voted (the seed&apos;s procedure).</source>
        <translation>Bei gleicher Stimmenzahl: die beste Ähnlichkeit zu einem Positiven oder die summierte Ähnlichkeit zu den Positiven, die gestimmt haben (das Verfahren des Clay-Ausgangs-Issues).</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Shares each batch among several strategies by how many of their earlier proposals you accepted, so the strategies finding positives now get most of it; says which strategy proposed each candidate.</source>
        <translation>Teilt jede Runde unter mehreren Strategien auf, je nachdem, wie viele ihrer früheren Vorschläge Sie angenommen haben, sodass die Strategien, die gerade Positive finden, den größten Teil bekommen; zeigt, welche Strategie jeden Kandidaten vorgeschlagen hat.</translation>
    </message>
    <message>
        <source>Best similarity</source>
        <translation>Beste Ähnlichkeit</translation>
    </message>
    <message>
        <source>Summed similarity</source>
        <translation>Summierte Ähnlichkeit</translation>
    </message>
    <message>
        <source>Maximal marginal relevance</source>
        <translation>Maximale marginale Relevanz</translation>
    </message>
    <message>
        <source>k-center greedy</source>
        <translation>k-Center (gierig)</translation>
    </message>
</context>
</TS>
