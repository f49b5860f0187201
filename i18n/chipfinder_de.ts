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
</context>
<context>
    <name>chipfinder::MainWindow</name>
    <message>
        <source>Chipfinder</source>
        <translation>Chipfinder</translation>
    </message>
    <message>
        <source>%1°, %2°</source>
        <translation>%1°, %2°</translation>
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
        <source>&lt;p&gt;&lt;b&gt;Map:&lt;/b&gt; left click = positive, right click = negative, click a labeled chip again = clear. Shift+drag a box to label many (left button = positive, right = negative). Drag to pan, wheel or +/− to zoom, Ctrl+click to select.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Search:&lt;/b&gt; pick a strategy and press &lt;i&gt;Find similar&lt;/i&gt; (Ctrl+F).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Review:&lt;/b&gt; Y = accept, N = reject, S = skip, arrows move.&lt;/p&gt;&lt;p&gt;Undo with Ctrl+Z, redo with Ctrl+Shift+Z. Everything is saved as you go.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Karte:&lt;/b&gt; Linksklick = positiv, Rechtsklick = negativ, erneuter Klick auf einen markierten Chip = Markierung entfernen. Mit Umschalt+Ziehen ein Rechteck aufziehen, um viele zu markieren (linke Taste = positiv, rechte = negativ). Ziehen verschiebt, Mausrad oder +/− zoomt, Strg+Klick wählt aus.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Suche:&lt;/b&gt; Strategie wählen und &lt;i&gt;Ähnliche finden&lt;/i&gt; drücken (Strg+F).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Prüfen:&lt;/b&gt; Y = annehmen, N = ablehnen, S = überspringen, Pfeiltasten bewegen.&lt;/p&gt;&lt;p&gt;Rückgängig mit Strg+Z, wiederholen mit Strg+Umschalt+Z. Alles wird laufend gespeichert.&lt;/p&gt;</translation>
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
    <message>
        <source>Clear label</source>
        <translation>Markierung entfernen</translation>
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
            <numerusform>%n Chip positiv markieren</numerusform><numerusform>%n Chips positiv markieren</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Label %n chips negative</source>
        <translation>
            <numerusform>%n Chip negativ markieren</numerusform><numerusform>%n Chips negativ markieren</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n label(s) to %1</source>
        <translation>
            <numerusform>%n Markierung nach %1 exportiert</numerusform><numerusform>%n Markierungen nach %1 exportiert</numerusform></translation>
    </message>
    <message>
        <source>%1 labels no chip of this dataset.</source>
        <translation>%1 markiert keinen Chip dieses Datensatzes.</translation>
    </message>
    <message numerus="yes">
        <source>Import %n label(s)</source>
        <translation>
            <numerusform>%n Markierung importieren</numerusform><numerusform>%n Markierungen importieren</numerusform></translation>
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
        <source> · %1 selected</source>
        <translation> · %1 ausgewählt</translation>
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
</context>
<context>
    <name>chipfinder::cli</name>
    <message>
        <source>Exports the labels of a project, one feature per labeled chip with its footprint.
The format follows the extension: .geojson/.json (RFC 7946, WGS 84), .gpkg, .fgb.</source>
        <translation>Exportiert die Markierungen eines Projekts, ein Feature je markiertem Chip mit seinem Umriss.
Das Format folgt der Endung: .geojson/.json (RFC 7946, WGS 84), .gpkg, .fgb.</translation>
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
        <source>FILE</source>
        <translation>DATEI</translation>
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
        <source>CRS of GeoPackage/FlatGeobuf output: wgs84 (default) or source (the dataset's).</source>
        <translation>KBS der GeoPackage-/FlatGeobuf-Ausgabe: wgs84 (Standard) oder source (das des Datensatzes).</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>KBS</translation>
    </message>
    <message>
        <source>export needs exactly one PROJECT argument (see --help)</source>
        <translation>export braucht genau ein PROJEKT-Argument (siehe --help)</translation>
    </message>
    <message>
        <source>export needs --out FILE</source>
        <translation>export braucht --out DATEI</translation>
    </message>
    <message>
        <source>cannot tell the format of '%1': use .geojson, .json, .gpkg or .fgb</source>
        <translation>das Format von „%1“ ist unklar: verwenden Sie .geojson, .json, .gpkg oder .fgb</translation>
    </message>
    <message>
        <source>--crs must be wgs84 or source, not '%1'</source>
        <translation>--crs muss wgs84 oder source sein, nicht „%1“</translation>
    </message>
    <message>
        <source>the project names no dataset: give one with --dataset</source>
        <translation>das Projekt nennt keinen Datensatz: geben Sie einen mit --dataset an</translation>
    </message>
    <message>
        <source>the dataset '%1' does not exist (moved? give its new place with --dataset)</source>
        <translation>der Datensatz „%1“ existiert nicht (verschoben? geben Sie den neuen Ort mit --dataset an)</translation>
    </message>
    <message>
        <source>Export a project's labels as GeoJSON/GPKG/FlatGeobuf</source>
        <translation>Die Markierungen eines Projekts als GeoJSON/GPKG/FlatGeobuf exportieren</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message numerus="yes">
        <source>Exported %n label(s) to %1</source>
        <translation>
            <numerusform>%n Markierung nach %1 exportiert</numerusform><numerusform>%n Markierungen nach %1 exportiert</numerusform></translation>
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
        <source>Run 'chipfinder-cli COMMAND --help' for a command's options.</source>
        <translation>„chipfinder-cli BEFEHL --help“ zeigt die Optionen eines Befehls.</translation>
    </message>
    <message>
        <source>unknown command '%1'</source>
        <translation>unbekannter Befehl „%1“</translation>
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
</TS>