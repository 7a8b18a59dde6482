import Foundation
import RhythmLibrary

/// One self-contained HTML file that runs a rhythm drill in a browser: the
/// strips embedded as data: URIs, answer buttons, feedback with the teaching
/// points and the measured figures, a score at the end. No server, no network.
struct HTMLDrill {
    struct Option: Codable { var id: String; var name: String }
    struct Question: Codable {
        var number: Int
        var image: String
        var widthMM: Double
        var answerID: String
        var answerName: String
        var group: String
        var options: [Option]
        var criteria: [[String]]
        var features: [String]
        var measured: [[String]]
        /// How to tell the answer from each option, by option id.
        var howToTell: [String: String]
    }

    var title: String
    var subtitle: String
    var questions: [Question]

    init(title: String, subtitle: String, strips: [MadeStrip], pool: [RhythmDefinition], library: RhythmLibrary, seed: UInt64) {
        self.title = title
        self.subtitle = subtitle
        var random = TrainingRandom(seed: seed ^ 0x4854_4D4C)
        questions = strips.map { strip in
            let rhythm = strip.plan.rhythm
            let wrong = TeachingPoints.distractors(for: rhythm, among: pool, library: library, count: MoodleQuiz.distractorCount)
            let options = random.shuffled([rhythm] + wrong).map { Option(id: $0.id, name: $0.name) }
            var how: [String: String] = [:]
            for other in wrong { how[other.id] = TeachingPoints.howToTell(rhythm, from: other) }
            let f = strip.figures
            return Question(
                number: strip.plan.number,
                image: "data:image/png;base64," + strip.questionPNG.base64EncodedString(),
                widthMM: (strip.widthMillimetres * 10).rounded() / 10,
                answerID: rhythm.id, answerName: rhythm.name, group: rhythm.group.title, options: options,
                criteria: TeachingPoints.criteria(of: rhythm).map { [$0.label, $0.text] },
                features: rhythm.criteria.features,
                measured: [
                    ["Rate", f.rateText], ["Regularity", f.regularity], ["P waves", f.pWaves],
                    ["PR", f.prText], ["QRS", f.qrsText],
                ],
                howToTell: how)
        }
    }

    func html() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Default slash escaping keeps "</script>" out of the embedded JSON.
        let data = String(decoding: try encoder.encode(questions), as: UTF8.self)
        return Self.template
            .replacingOccurrences(of: "%%TITLE%%", with: HTMLText.escape(title))
            .replacingOccurrences(of: "%%SUBTITLE%%", with: HTMLText.escape(subtitle))
            .replacingOccurrences(of: "%%DATA%%", with: data)
    }

    static let template = #"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>%%TITLE%%</title>
    <style>
    :root { --ok: #11743b; --bad: #b3261e; --ink: #1b1b1f; --muted: #5d5d66; --line: #d9d9e0; --accent: #2456c9; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #f6f6f8; }
    main { max-width: 980px; margin: 0 auto; padding: 12px; }
    header h1 { font-size: 1.25rem; margin: 4px 0 0; }
    header p { margin: 2px 0 8px; color: var(--muted); font-size: .9rem; }
    .bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-size: .95rem; color: var(--muted); }
    .progress { height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; margin: 6px 0 10px; }
    .progress > div { height: 100%; background: var(--accent); width: 0; transition: width .2s; }
    .strip { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 6px; overflow-x: auto; }
    .strip img { display: block; width: 100%; height: auto; min-width: 560px; }
    .options { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 8px; margin: 12px 0; }
    .options button { text-align: left; font: inherit; padding: 12px 14px; border-radius: 8px; border: 1px solid var(--line); background: #fff; cursor: pointer; min-height: 48px; }
    .options button:hover:not(:disabled) { border-color: var(--accent); }
    .options button .key { display: inline-block; min-width: 1.6em; font-weight: 700; color: var(--accent); }
    .options button.correct { border: 2px solid var(--ok); background: #e8f5ec; }
    .options button.wrong { border: 2px solid var(--bad); background: #fbe9e7; }
    .options button:disabled { cursor: default; color: var(--ink); }
    #feedback { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
    #feedback h2 { margin: 0 0 4px; font-size: 1.1rem; }
    #feedback.ok h2 { color: var(--ok); } #feedback.bad h2 { color: var(--bad); }
    #feedback table { border-collapse: collapse; margin: 6px 0; }
    #feedback td { padding: 2px 10px 2px 0; vertical-align: top; }
    #feedback td:first-child { font-weight: 600; white-space: nowrap; }
    .how { background: #fff7d6; border-left: 4px solid #e0b000; padding: 6px 10px; margin: 8px 0; }
    .actions { margin: 10px 0; }
    .actions button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 8px; border: 0; background: var(--accent); color: #fff; cursor: pointer; min-height: 44px; }
    .hint { color: var(--muted); font-size: .85rem; }
    #result table { border-collapse: collapse; background: #fff; }
    #result th, #result td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; }
    .hidden { display: none; }
    @media (max-width: 600px) { body { font-size: 15px; } main { padding: 8px; } .options { grid-template-columns: 1fr; } }
    </style>
    </head>
    <body>
    <main>
    <header><h1>%%TITLE%%</h1><p>%%SUBTITLE%%</p></header>
    <section id="quiz">
      <div class="bar"><span id="position"></span><span id="running-score"></span></div>
      <div class="progress"><div id="progress"></div></div>
      <div class="strip"><img id="strip" alt=""></div>
      <div class="options" id="options" role="group" aria-label="Answers"></div>
      <div id="feedback" class="hidden" aria-live="polite"></div>
      <div class="actions"><button id="next" class="hidden" type="button">Next strip</button></div>
      <p class="hint">Keys: 1&ndash;9 answer, Enter next strip. Lead II, 25 mm/s, 10 mm/mV.</p>
    </section>
    <section id="result" class="hidden"></section>
    </main>
    <script id="drill-data" type="application/json">%%DATA%%</script>
    <script>
    "use strict";
    const questions = JSON.parse(document.getElementById("drill-data").textContent);
    let index = 0, answered = false, score = 0;
    const results = [];
    const $ = (id) => document.getElementById(id);
    const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

    function show() {
      const q = questions[index];
      answered = false;
      $("position").textContent = "Strip " + (index + 1) + " of " + questions.length;
      $("running-score").textContent = "Score " + score + "/" + index;
      $("progress").style.width = (100 * index / questions.length) + "%";
      $("strip").src = q.image;
      $("strip").alt = "ECG rhythm strip " + q.number;
      $("strip").style.maxWidth = "none";
      const box = $("options");
      box.innerHTML = "";
      q.options.forEach((option, i) => {
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.id = option.id;
        button.innerHTML = '<span class="key">' + (i + 1) + '</span> ' + esc(option.name);
        button.addEventListener("click", () => answer(i));
        box.appendChild(button);
      });
      $("feedback").className = "hidden";
      $("next").className = "hidden";
    }

    function answer(i) {
      if (answered) return;
      const q = questions[index];
      const chosen = q.options[i];
      if (!chosen) return;
      answered = true;
      const right = chosen.id === q.answerID;
      if (right) score += 1;
      results.push({answer: q.answerID, name: q.answerName, chosen: chosen.id, chosenName: chosen.name, right: right});
      document.querySelectorAll("#options button").forEach((b) => {
        b.disabled = true;
        if (b.dataset.id === q.answerID) b.classList.add("correct");
        else if (b.dataset.id === chosen.id) b.classList.add("wrong");
      });
      let html = "<h2>" + (right ? "Right" : "Wrong") + ": " + esc(q.answerName) + "</h2>";
      html += '<div class="group">' + esc(q.group) + "</div>";
      if (!right && q.howToTell[chosen.id]) html += '<p class="how"><strong>' + esc(chosen.name) + " or " + esc(q.answerName) + "?</strong> " + esc(q.howToTell[chosen.id]) + "</p>";
      html += "<table>" + q.criteria.map((c) => "<tr><td>" + esc(c[0]) + "</td><td>" + esc(c[1]) + "</td></tr>").join("") + "</table>";
      html += "<p><strong>Key features:</strong> " + q.features.map(esc).join("; ") + "</p>";
      html += "<p><strong>Measured on this strip:</strong> " + q.measured.map((m) => esc(m[0]) + " " + esc(m[1])).join(", ") + "</p>";
      const feedback = $("feedback");
      feedback.innerHTML = html;
      feedback.className = right ? "ok" : "bad";
      $("next").textContent = index + 1 < questions.length ? "Next strip" : "See score";
      $("next").className = "";
      $("running-score").textContent = "Score " + score + "/" + (index + 1);
      $("next").focus();
    }

    function next() {
      if (!answered) return;
      index += 1;
      if (index < questions.length) show(); else finish();
    }

    function finish() {
      $("quiz").className = "hidden";
      const byRhythm = {};
      const confusions = {};
      results.forEach((r) => {
        const entry = byRhythm[r.answer] || (byRhythm[r.answer] = {name: r.name, right: 0, total: 0});
        entry.total += 1;
        if (r.right) entry.right += 1;
        else { const key = r.name + " \u2192 answered " + r.chosenName; confusions[key] = (confusions[key] || 0) + 1; }
      });
      const percent = Math.round(100 * score / questions.length);
      let html = '<h2 id="final-score">Score: ' + score + " / " + questions.length + " (" + percent + "%)</h2>";
      html += "<table><thead><tr><th>Rhythm</th><th>Right</th></tr></thead><tbody>";
      Object.keys(byRhythm).sort((a, b) => byRhythm[a].right / byRhythm[a].total - byRhythm[b].right / byRhythm[b].total || byRhythm[a].name.localeCompare(byRhythm[b].name)).forEach((id) => {
        const e = byRhythm[id];
        html += "<tr><td>" + esc(e.name) + "</td><td>" + e.right + "/" + e.total + "</td></tr>";
      });
      html += "</tbody></table>";
      const keys = Object.keys(confusions);
      html += keys.length ? "<h3>Confusions</h3><ul>" + keys.map((k) => "<li>" + esc(k) + (confusions[k] > 1 ? " (" + confusions[k] + "&times;)" : "") + "</li>").join("") + "</ul>" : "<p>No confusions. Well done.</p>";
      html += '<div class="actions"><button id="again" type="button">Start again</button></div>';
      const result = $("result");
      result.innerHTML = html;
      result.className = "";
      $("again").addEventListener("click", () => { index = 0; score = 0; results.length = 0; result.className = "hidden"; $("quiz").className = ""; show(); });
    }

    $("next").addEventListener("click", next);
    document.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (/^[1-9]$/.test(event.key) && !answered && !$("quiz").classList.contains("hidden")) { answer(Number(event.key) - 1); event.preventDefault(); }
      else if (event.key === "Enter" && answered) { next(); event.preventDefault(); }
    });
    show();
    </script>
    </body>
    </html>

    """#
}
