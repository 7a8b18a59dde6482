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
        /// How to tell the answer from another rhythm, by that rhythm's id (every documented confusion).
        var howToTell: [String: String]
    }

    /// A rhythm of the library as the typed-answer matcher knows it.
    struct Named: Codable { var id: String; var name: String; var aliases: [String] }

    /// What the page starts with; the learner can switch mode and timing on the page.
    struct Settings: Codable {
        /// `multiple-choice` or `name`.
        var mode: String
        var timed: Bool
        var timeLimit: Double
        /// Every rhythm of the library, in library order (typed answers may name any).
        var library: [Named]
        /// The drill's rhythms, numbered from 1 in this order for typed numbers and the list.
        var pool: [String]
    }

    /// The strips of the session, and the strips a missed rhythm comes back on.
    struct Questions: Codable {
        var questions: [Question]
        /// One more strip per rhythm, shown (instead of the strip just missed)
        /// when a missed or slow rhythm comes back.
        var spares: [Question]
    }

    var title: String
    var subtitle: String
    var questions: Questions
    var settings: Settings

    init(
        title: String, subtitle: String, strips: [MadeStrip], spares: [MadeStrip] = [], pool: [RhythmDefinition],
        library: RhythmLibrary, seed: UInt64, mode: DrillMode = .multipleChoice, timing: DrillTiming? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        var random = TrainingRandom(seed: seed ^ 0x4854_4D4C)
        questions = Questions(
            questions: strips.map { Self.question($0, pool: pool, library: library, random: &random) },
            spares: spares.map { Self.question($0, pool: pool, library: library, random: &random) })
        settings = Settings(
            mode: mode.rawValue, timed: timing != nil, timeLimit: timing?.limit ?? DrillTiming.defaultLimit,
            library: library.definitions.map { Named(id: $0.id, name: $0.name, aliases: $0.aliases) },
            pool: pool.map(\.id))
    }

    /// One strip as the page asks it: the picture, shuffled options and the teaching text.
    private static func question(
        _ strip: MadeStrip, pool: [RhythmDefinition], library: RhythmLibrary, random: inout TrainingRandom
    ) -> Question {
        let rhythm = strip.plan.rhythm
        let wrong = TeachingPoints.distractors(for: rhythm, among: pool, library: library, count: MoodleQuiz.distractorCount)
        let options = random.shuffled([rhythm] + wrong).map { Option(id: $0.id, name: $0.name) }
        var how: [String: String] = [:]
        for other in library.definitions where other.id != rhythm.id { how[other.id] = TeachingPoints.howToTell(rhythm, from: other) }
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

    func html() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Default slash escaping keeps "</script>" out of the embedded JSON.
        let data = String(decoding: try encoder.encode(questions), as: UTF8.self)
        let settings = String(decoding: try encoder.encode(settings), as: UTF8.self)
        return Self.template
            .replacingOccurrences(of: "%%TITLE%%", with: HTMLText.escape(title))
            .replacingOccurrences(of: "%%SUBTITLE%%", with: HTMLText.escape(subtitle))
            .replacingOccurrences(of: "%%SETTINGS%%", with: settings)
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
    :root { --ok: #11743b; --bad: #b3261e; --slow: #8a5a00; --ink: #1b1b1f; --muted: #5d5d66; --line: #d9d9e0; --accent: #2456c9; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #f6f6f8; }
    main { max-width: 980px; margin: 0 auto; padding: 12px; }
    header h1 { font-size: 1.25rem; margin: 4px 0 0; }
    header p { margin: 2px 0 8px; color: var(--muted); font-size: .9rem; }
    .settings { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; font-size: .9rem; margin: 0 0 6px; }
    .settings select, .settings input { font: inherit; }
    .settings label { display: inline-flex; gap: 6px; align-items: center; min-height: 32px; }
    .bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-size: .95rem; color: var(--muted); }
    #timer { font-variant-numeric: tabular-nums; }
    #timer.over { color: var(--bad); font-weight: 600; }
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
    .typed { margin: 12px 0; }
    .typed label { display: block; font-weight: 600; margin-bottom: 4px; }
    .typed-row { display: flex; gap: 8px; }
    .typed input { flex: 1; min-width: 0; font-size: 16px; padding: 10px 12px; border: 1px solid var(--line); border-radius: 8px; min-height: 48px; }
    .typed input:focus { outline: 2px solid var(--accent); border-color: var(--accent); }
    .typed button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 8px; border: 0; background: var(--accent); color: #fff; min-height: 48px; cursor: pointer; }
    .typed button:disabled, .typed input:disabled { opacity: .6; cursor: default; }
    .message { min-height: 1.4em; margin: 6px 0 0; color: var(--bad); }
    .rhythm-list { font-size: .9rem; color: var(--muted); margin: 4px 0 0; }
    .rhythm-list ol { margin: 4px 0; padding-left: 2.2em; columns: 2 220px; }
    #feedback { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
    #feedback h2 { margin: 0 0 4px; font-size: 1.1rem; }
    #feedback.ok h2 { color: var(--ok); } #feedback.bad h2 { color: var(--bad); } #feedback.slow h2 { color: var(--slow); }
    #feedback table { border-collapse: collapse; margin: 6px 0; }
    #feedback td { padding: 2px 10px 2px 0; vertical-align: top; }
    #feedback td:first-child { font-weight: 600; white-space: nowrap; }
    .how { background: #fff7d6; border-left: 4px solid #e0b000; padding: 6px 10px; margin: 8px 0; }
    .time { font-variant-numeric: tabular-nums; }
    .again { color: var(--muted); font-style: italic; }
    .actions { margin: 10px 0; }
    .actions button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 8px; border: 0; background: var(--accent); color: #fff; cursor: pointer; min-height: 44px; }
    .hint { color: var(--muted); font-size: .85rem; }
    #result table { border-collapse: collapse; background: #fff; }
    #result th, #result td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; }
    .hidden { display: none !important; }
    @media (max-width: 600px) { body { font-size: 15px; } main { padding: 8px; } .options { grid-template-columns: 1fr; } }
    </style>
    </head>
    <body>
    <main>
    <header><h1>%%TITLE%%</h1><p>%%SUBTITLE%%</p></header>
    <section id="quiz">
      <div class="settings">
        <label>Answer by <select id="mode"><option value="multiple-choice">choosing (1&ndash;5)</option><option value="name">typing the name</option></select></label>
        <label><input type="checkbox" id="timed"> Timed: <span id="limit-text"></span> per strip</label>
      </div>
      <div class="bar"><span id="position"></span><span id="timer" class="hidden"></span><span id="running-score"></span></div>
      <div class="progress"><div id="progress"></div></div>
      <div class="strip"><img id="strip" alt=""></div>
      <div class="options" id="options" role="group" aria-label="Answers"></div>
      <form class="typed hidden" id="typed" autocomplete="off">
        <label for="typed-answer">Name the rhythm</label>
        <div class="typed-row">
          <input id="typed-answer" type="text" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" enterkeyhint="go" placeholder="name, abbreviation or number">
          <button id="check" type="submit">Check</button>
        </div>
        <p class="message" id="typed-message" aria-live="polite"></p>
        <details class="rhythm-list" id="rhythm-list"><summary>Rhythms in this drill (type <kbd>?</kbd>)</summary><ol id="pool"></ol></details>
      </form>
      <div id="feedback" class="hidden" aria-live="polite"></div>
      <div class="actions"><button id="next" class="hidden" type="button">Next strip</button></div>
      <p class="hint" id="hint"></p>
    </section>
    <section id="result" class="hidden"></section>
    </main>
    <script id="drill-settings" type="application/json">%%SETTINGS%%</script>
    <script id="drill-data" type="application/json">%%DATA%%</script>
    <script>
    "use strict";
    const drillData = JSON.parse(document.getElementById("drill-data").textContent);
    const questions = drillData.questions, spares = drillData.spares;
    const settings = JSON.parse(document.getElementById("drill-settings").textContent);
    const library = settings.library;
    const pool = settings.pool.map((id) => library.find((r) => r.id === id)).filter(Boolean);
    let mode = settings.mode === "name" ? "name" : "multiple-choice";
    let timed = settings.timed;
    const timeLimit = settings.timeLimit;
    // The order of the session: every strip once; a missed rhythm comes back three
    // strips later, one named right but too slowly five later (at most twice per
    // strip), on the strip of that rhythm seen least so far (a spare strip first),
    // so the learner learns the rhythm rather than one picture of it.
    // An entry's `spare` is -1 for its own strip, else an index into `spares`.
    const freshOrder = () => questions.map((_, i) => ({q: i, spare: -1, again: false}));
    let order = freshOrder();
    let index = 0, answered = false, score = 0, started = 0, ticker = null;
    const results = [], comebacks = {}, timesShown = {};
    const missGap = 3, slowGap = 5, maxComebacks = 2;
    const shown = (entry) => entry.spare >= 0 ? spares[entry.spare] : questions[entry.q];
    const pictureKey = (q, spare) => spare >= 0 ? "s" + spare : "q" + q;
    function comebackSpare(entry) {
      const id = questions[entry.q].answerID;
      const choices = [];
      spares.forEach((s, i) => { if (s.answerID === id && i !== entry.spare) choices.push(i); });
      if (entry.spare >= 0) choices.push(-1);
      choices.sort((a, b) => (timesShown[pictureKey(entry.q, a)] || 0) - (timesShown[pictureKey(entry.q, b)] || 0));
      return choices.length ? choices[0] : entry.spare;
    }
    function currentQuestion() {
      const entry = order[index];
      return entry ? {id: questions[entry.q].answerID, name: questions[entry.q].answerName, again: entry.again, position: index + 1, total: order.length, question: entry.q, picture: pictureKey(entry.q, entry.spare)} : null;
    }
    const $ = (id) => document.getElementById(id);
    const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
    const secondsText = (s) => s.toFixed(1) + " s";
    const limitText = () => (Number.isInteger(timeLimit) ? String(timeLimit) : timeLimit.toFixed(1)) + " s";

    // --- Typed answers: the same rules as the terminal drill (AnswerMatcher.swift) ---
    // Lowercased, with runs of spaces, hyphens and underscores as one space.
    function normalized(text) {
      let result = "", pendingSpace = false;
      for (const c of String(text).toLowerCase()) {
        if (c === " " || c === "-" || c === "_" || c === "\t") { pendingSpace = result.length > 0; }
        else { if (pendingSpace) result += " "; pendingSpace = false; result += c; }
      }
      return result;
    }
    // Insertions, deletions and substitutions that turn a into b (Levenshtein).
    function editDistance(a, b) {
      a = Array.from(a); b = Array.from(b);
      if (!a.length) return b.length;
      if (!b.length) return a.length;
      let previous = Array.from({length: b.length + 1}, (_, j) => j), current = new Array(b.length + 1).fill(0);
      for (let i = 1; i <= a.length; i++) {
        current[0] = i;
        for (let j = 1; j <= b.length; j++) {
          current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        [previous, current] = [current, previous];
      }
      return previous[b.length];
    }
    const namesOf = (r) => [r.id, r.name].concat(r.aliases).map(normalized);
    // {rhythm} | {ambiguous: [rhythms]} | {unknown: true}; numbers count from 1 in `options`.
    function matchAnswer(input, options = pool) {
      const text = normalized(input);
      if (!text) return {unknown: true};
      if (/^\+?[0-9]{1,18}$/.test(text)) {
        const n = Number(text);
        return n >= 1 && n <= options.length ? {rhythm: options[n - 1]} : {unknown: true};
      }
      const exact = library.find((r) => namesOf(r).includes(text));
      if (exact) return {rhythm: exact};
      const best = library.map((r) => [r, Math.min(...namesOf(r).map((n) => editDistance(text, n)))]);
      const length = Array.from(text).length;
      const tolerance = length <= 3 ? 0 : (length <= 6 ? 1 : 2);
      const closest = Math.min(...best.map((b) => b[1]));
      if (closest <= tolerance) {
        const winners = best.filter((b) => b[1] === closest).map((b) => b[0]);
        if (winners.length === 1) return {rhythm: winners[0]};
        const offered = winners.filter((w) => options.some((o) => o.id === w.id));
        return offered.length === 1 ? {rhythm: offered[0]} : {ambiguous: winners};
      }
      if (length >= 4) {
        const prefixed = options.filter((r) => namesOf(r).some((n) => n.startsWith(text)));
        if (prefixed.length === 1) return {rhythm: prefixed[0]};
        if (prefixed.length > 1) return {ambiguous: prefixed};
      }
      return {unknown: true};
    }
    // Did-you-mean names for an unknown answer (RhythmLibrary.suggestions).
    function suggestions(input) {
      const key = String(input).toLowerCase();
      const scored = library.map((r) => {
        const names = [r.id].concat(r.aliases).map((n) => n.toLowerCase());
        let best = Math.min(...names.map((n) => editDistance(key, n)));
        if (key.length >= 2 && names.some((n) => n.startsWith(key))) best = Math.min(best, 1);
        return [r, best];
      });
      const limit = Math.max(2, Math.floor(key.length / 3));
      return scored.filter((s) => s[1] <= limit).sort((a, b) => a[1] - b[1] || (a[0].id < b[0].id ? -1 : 1)).slice(0, 3).map((s) => s[0]);
    }

    // --- The drill ---
    function elapsed() { return (performance.now() - started) / 1000; }
    function tick() {
      const timer = $("timer");
      if (!timed || answered) return;
      const s = elapsed();
      timer.textContent = secondsText(s) + " / " + limitText();
      timer.classList.toggle("over", s > timeLimit);
    }
    function setHint() {
      $("hint").textContent = (mode === "name"
        ? "Type the name, an abbreviation (AF, VT, CHB) or the rhythm's number, then Enter; Enter again for the next strip."
        : "Keys: 1\u20135 answer, Enter next strip.") + " Lead II, 25 mm/s, 10 mm/mV.";
    }

    function show() {
      const q = shown(order[index]);
      const key = pictureKey(order[index].q, order[index].spare);
      timesShown[key] = (timesShown[key] || 0) + 1;
      answered = false;
      $("position").textContent = "Strip " + (index + 1) + " of " + order.length + (order[index].again ? " (again)" : "");
      $("running-score").textContent = "Score " + score + "/" + index;
      $("progress").style.width = (100 * index / order.length) + "%";
      $("strip").src = q.image;
      $("strip").alt = "ECG rhythm strip " + questions[order[index].q].number + (order[index].spare >= 0 ? " (another strip of the same rhythm)" : "");
      const box = $("options");
      box.innerHTML = "";
      q.options.forEach((option, i) => {
        const button = document.createElement("button");
        button.type = "button";
        button.dataset.id = option.id;
        button.innerHTML = '<span class="key">' + (i + 1) + '</span> ' + esc(option.name);
        button.addEventListener("click", () => { if (mode === "multiple-choice") answerWith(option.id); });
        box.appendChild(button);
      });
      const input = $("typed-answer");
      input.value = ""; input.disabled = false; $("check").disabled = false;
      $("typed-message").textContent = "";
      applyMode();
      $("feedback").className = "hidden";
      $("next").className = "hidden";
      started = performance.now();
      $("timer").className = timed ? "" : "hidden";
      tick();
    }

    function applyMode() {
      $("options").classList.toggle("hidden", mode !== "multiple-choice");
      $("typed").classList.toggle("hidden", mode !== "name");
      setHint();
      if (mode === "name" && !answered) $("typed-answer").focus();
    }

    function submitTyped(event) {
      event.preventDefault();
      if (answered) { next(); return; }
      const input = $("typed-answer");
      const text = input.value.trim();
      const message = $("typed-message");
      if (!text) { message.textContent = "Type a rhythm name (\u201c?\u201d lists them)."; return; }
      if (text === "?") { $("rhythm-list").open = true; input.value = ""; message.textContent = ""; return; }
      const m = matchAnswer(text);
      if (m.rhythm) { message.textContent = ""; answerWith(m.rhythm.id); return; }
      if (m.ambiguous) {
        message.textContent = "\u2018" + text + "\u2019 could be " + m.ambiguous.map((r) => r.name).join(" or ") + "; be more precise.";
      } else {
        const hint = suggestions(text);
        message.textContent = "I don\u2019t know \u2018" + text + "\u2019" + (hint.length ? "; did you mean " + hint.map((r) => r.name).join(" or ") + "?" : "") + " (\u201c?\u201d lists the rhythms)";
      }
      input.select();
    }

    function answerWith(chosenID) {
      if (answered) return;
      const q = shown(order[index]);
      const chosen = library.find((r) => r.id === chosenID);
      if (!chosen) return;
      answered = true;
      const seconds = elapsed();
      const right = chosen.id === q.answerID;
      const slow = timed && right && seconds > timeLimit;
      if (right) score += 1;
      results.push({answer: q.answerID, name: q.answerName, chosen: chosen.id, chosenName: chosen.name, right: right, seconds: seconds, slow: slow});
      let comesBack = "";
      const qi = order[index].q;
      if ((!right || slow) && (comebacks[qi] || 0) < maxComebacks) {
        comebacks[qi] = (comebacks[qi] || 0) + 1;
        const gap = right ? slowGap : missGap;
        const slot = Math.min(index + gap, order.length);
        const spare = comebackSpare(order[index]);
        order.splice(slot, 0, {q: qi, spare: spare, again: true});
        const what = spare === order[index].spare ? "This strip comes back" : "This rhythm comes back on another strip";
        comesBack = what + (slot === index + gap ? " in " + gap + " strips." : " at the end.");
      }
      document.querySelectorAll("#options button").forEach((b) => {
        b.disabled = true;
        if (b.dataset.id === q.answerID) b.classList.add("correct");
        else if (b.dataset.id === chosen.id) b.classList.add("wrong");
      });
      $("typed-answer").disabled = true; $("check").disabled = true;
      let html = "<h2>" + (right ? (slow ? "Right, but slow" : "Right") : "Wrong") + ": " + esc(q.answerName) + "</h2>";
      html += '<div class="group">' + esc(q.group) + "</div>";
      if (!right) html += "<p>You answered <strong>" + esc(chosen.name) + "</strong>.</p>";
      if (timed) html += '<p class="time"><strong>Time:</strong> ' + secondsText(seconds) + (seconds > timeLimit ? " (over the " + limitText() + " target)" : " (target " + limitText() + ")") + "</p>";
      if (!right && q.howToTell[chosen.id]) html += '<p class="how"><strong>' + esc(chosen.name) + " or " + esc(q.answerName) + "?</strong> " + esc(q.howToTell[chosen.id]) + "</p>";
      html += "<table>" + q.criteria.map((c) => "<tr><td>" + esc(c[0]) + "</td><td>" + esc(c[1]) + "</td></tr>").join("") + "</table>";
      html += "<p><strong>Key features:</strong> " + q.features.map(esc).join("; ") + "</p>";
      html += "<p><strong>Measured on this strip:</strong> " + q.measured.map((m) => esc(m[0]) + " " + esc(m[1])).join(", ") + "</p>";
      if (comesBack) html += '<p class="again">' + comesBack + "</p>";
      const feedback = $("feedback");
      feedback.innerHTML = html;
      feedback.className = right ? (slow ? "slow" : "ok") : "bad";
      $("timer").textContent = timed ? secondsText(seconds) + " / " + limitText() : "";
      $("next").textContent = index + 1 < order.length ? "Next strip" : "See score";
      $("position").textContent = "Strip " + (index + 1) + " of " + order.length + (order[index].again ? " (again)" : "");
      $("next").className = "";
      $("running-score").textContent = "Score " + score + "/" + (index + 1);
      $("next").focus();
    }

    function next() {
      if (!answered) return;
      index += 1;
      if (index < order.length) show(); else finish();
    }

    function median(values) {
      if (!values.length) return null;
      const sorted = values.slice().sort((a, b) => a - b), middle = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    function finish() {
      $("quiz").className = "hidden";
      const byRhythm = {};
      const confusions = {};
      results.forEach((r) => {
        const entry = byRhythm[r.answer] || (byRhythm[r.answer] = {name: r.name, right: 0, total: 0, times: [], slow: 0});
        entry.total += 1;
        entry.times.push(r.seconds);
        if (r.slow) entry.slow += 1;
        if (r.right) entry.right += 1;
        else { const key = r.name + " \u2192 answered " + r.chosenName; confusions[key] = (confusions[key] || 0) + 1; }
      });
      const percent = Math.round(100 * score / results.length);
      let html = '<h2 id="final-score">Score: ' + score + " / " + results.length + " (" + percent + "%)</h2>";
      const again = results.length - questions.length;
      if (again > 0) html += '<p id="final-again">' + questions.length + " strips; " + again + " shown again after a miss or a slow answer.</p>";
      if (timed) {
        const slow = results.filter((r) => r.slow).length;
        html += '<p id="final-time">Median time per strip: ' + secondsText(median(results.map((r) => r.seconds))) + " (target " + limitText() + "); "
          + (slow ? slow + " right answer" + (slow > 1 ? "s were" : " was") + " slow." : "no right answer was slow.") + "</p>";
      }
      html += "<table><thead><tr><th>Rhythm</th><th>Right</th>" + (timed ? "<th>Median time</th><th>Slow</th>" : "") + "</tr></thead><tbody>";
      Object.keys(byRhythm).sort((a, b) => byRhythm[a].right / byRhythm[a].total - byRhythm[b].right / byRhythm[b].total || byRhythm[a].name.localeCompare(byRhythm[b].name)).forEach((id) => {
        const e = byRhythm[id];
        html += "<tr><td>" + esc(e.name) + "</td><td>" + e.right + "/" + e.total + "</td>" + (timed ? "<td>" + secondsText(median(e.times)) + "</td><td>" + e.slow + "</td>" : "") + "</tr>";
      });
      html += "</tbody></table>";
      const keys = Object.keys(confusions);
      html += keys.length ? "<h3>Confusions</h3><ul>" + keys.map((k) => "<li>" + esc(k) + (confusions[k] > 1 ? " (" + confusions[k] + "&times;)" : "") + "</li>").join("") + "</ul>" : "<p>No confusions. Well done.</p>";
      html += '<div class="actions"><button id="again" type="button">Start again</button></div>';
      const result = $("result");
      result.innerHTML = html;
      result.className = "";
      $("again").addEventListener("click", () => {
        index = 0; score = 0; results.length = 0; order = freshOrder();
        Object.keys(comebacks).forEach((k) => delete comebacks[k]);
        Object.keys(timesShown).forEach((k) => delete timesShown[k]);
        result.className = "hidden"; $("quiz").className = ""; show();
      });
      $("again").focus();
    }

    $("pool").innerHTML = pool.map((r) => "<li>" + esc(r.name) + "</li>").join("");
    $("limit-text").textContent = limitText();
    $("mode").value = mode;
    $("timed").checked = timed;
    $("mode").addEventListener("change", () => { mode = $("mode").value; applyMode(); });
    $("timed").addEventListener("change", () => { timed = $("timed").checked; if (!answered) { started = performance.now(); $("timer").className = timed ? "" : "hidden"; tick(); } });
    $("typed").addEventListener("submit", submitTyped);
    $("next").addEventListener("click", next);
    document.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const typing = event.target && (event.target.tagName === "INPUT" || event.target.tagName === "SELECT");
      if (/^[1-9]$/.test(event.key) && !typing && mode === "multiple-choice" && !answered && !$("quiz").classList.contains("hidden")) {
        const option = shown(order[index]).options[Number(event.key) - 1];
        if (option) answerWith(option.id);
        event.preventDefault();
      } else if (event.key === "Enter" && answered && !$("quiz").classList.contains("hidden") && event.target.id !== "typed-answer") {
        next(); event.preventDefault();
      }
    });
    ticker = setInterval(tick, 100);
    show();
    </script>
    </body>
    </html>

    """#
}
