// Browser test of the self-contained HTML drill (`rhythmstrip deck --html`).
//
// Makes a small deck with the built rhythmstrip binary, opens drill.html in a
// real headless Chromium (over the DevTools protocol; no server, no network:
// file:// only), answers every question - some by mouse click, some with the
// number keys, some right and some wrong - and checks the feedback after each
// answer and the final score against answers.json. Saves screenshots (desktop
// and phone width) and a PDF of worksheet.html printed on A4 and on Letter.
//
// Usage: node --experimental-websocket drill_browser_test.mjs RHYTHMSTRIP OUTDIR
// Needs Node 20+ and Chromium (CHROMIUM=/path overrides `chromium`). Exit 0 on success.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [binary, outArg] = process.argv.slice(2);
if (!binary || !outArg) { console.error("usage: drill_browser_test.mjs RHYTHMSTRIP OUTDIR"); process.exit(2); }
const out = resolve(outArg);
const deck = join(out, "deck");
const started = Date.now();
rmSync(deck, { recursive: true, force: true });
execFileSync(binary, ["deck", "--rhythms", "afib,aflutter-variable,mat,mobitz1,mobitz2,vt-mono", "--count", "8",
  "--seed", "4242", "--html", "--out", deck], { stdio: "inherit" });
const answerKey = JSON.parse(readFileSync(join(deck, "answers.json"), "utf8")).strips;

function fail(message) { console.error("FAIL: " + message); cleanup(); process.exit(1); }
const check = (condition, message) => { if (!condition) fail(message); };

// --- Chromium over the DevTools protocol ---------------------------------
const profile = mkdtempSync(join(tmpdir(), "rhythmstrip-chromium-"));
const chromium = spawn(process.env.CHROMIUM || "chromium", [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
  "--disable-background-networking", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank",
], { stdio: ["ignore", "ignore", "pipe"] });
let chromiumLog = "";
chromium.stderr.on("data", (d) => { chromiumLog += d; });
function cleanup() { try { chromium.kill("SIGTERM"); } catch {} try { rmSync(profile, { recursive: true, force: true }); } catch {} }
const watchdog = setTimeout(() => fail("timed out after 90 s\n" + chromiumLog.slice(-2000)), 90_000);

async function devToolsPort() {
  const file = join(profile, "DevToolsActivePort");
  for (let i = 0; i < 300; i++) {
    if (existsSync(file)) { const [port] = readFileSync(file, "utf8").split("\n"); if (port) return Number(port); }
    await new Promise((r) => setTimeout(r, 100));
  }
  fail("Chromium did not start:\n" + chromiumLog.slice(-2000));
}

const port = await devToolsPort();
const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const page = targets.find((t) => t.type === "page");
const socket = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((ok, bad) => { socket.onopen = ok; socket.onerror = bad; });
let nextId = 1;
const pending = new Map();
const listeners = [];
socket.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.id && pending.has(message.id)) {
    const { ok, bad } = pending.get(message.id);
    pending.delete(message.id);
    message.error ? bad(new Error(JSON.stringify(message.error))) : ok(message.result);
  } else if (message.method) {
    listeners.forEach((l) => l(message));
  }
};
const send = (method, params = {}) => new Promise((ok, bad) => {
  const id = nextId++;
  pending.set(id, { ok, bad });
  socket.send(JSON.stringify({ id, method, params }));
});
const evaluate = async (expression) => {
  const result = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
  if (result.exceptionDetails) fail("page script error: " + JSON.stringify(result.exceptionDetails));
  return result.result.value;
};
const pageErrors = [];
listeners.push((m) => {
  if (m.method === "Runtime.exceptionThrown") pageErrors.push(m.params.exceptionDetails.text);
  if (m.method === "Network.requestWillBeSent" && !/^(file|data):/.test(m.params.request.url)) pageErrors.push("network request: " + m.params.request.url);
});
async function navigate(url) {
  const loaded = new Promise((ok) => listeners.push((m) => { if (m.method === "Page.loadEventFired") ok(); }));
  await send("Page.navigate", { url });
  await loaded;
}
async function key(text, code, keyCode) {
  const typed = text.length === 1 ? text : (text === "Enter" ? "\r" : undefined);
  await send("Input.dispatchKeyEvent", { type: "keyDown", key: text, code, windowsVirtualKeyCode: keyCode, text: typed });
  await send("Input.dispatchKeyEvent", { type: "keyUp", key: text, code, windowsVirtualKeyCode: keyCode });
}
async function click(selector) {
  const box = await evaluate(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`);
  for (const type of ["mousePressed", "mouseReleased"]) {
    await send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
  }
}
async function screenshot(name, width, height) {
  await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: width < 600 });
  const { data } = await send("Page.captureScreenshot", { format: "png", captureBeyondViewport: false });
  writeFileSync(join(out, name), Buffer.from(data, "base64"));
}

await send("Page.enable");
await send("Runtime.enable");
await send("Network.enable");
await send("Emulation.setDeviceMetricsOverride", { width: 1100, height: 1000, deviceScaleFactor: 1, mobile: false });
await navigate(pathToFileURL(join(deck, "drill.html")).href);

// --- Answer every question --------------------------------------------------
// The page decides the order: a missed strip comes back three strips later, so
// each question is read from the page and checked against answers.json.
const total = await evaluate(`document.querySelectorAll("#options button").length && questions.length`);
check(total === answerKey.length, `drill has ${total} questions, answers.json ${answerKey.length}`);
let expectedScore = 0, answeredCount = 0;
const comebackDue = new Map();                      // position -> {id, picture} of the strip missed
for (let i = 0; i < 40; i++) {
  const current = await evaluate(`currentQuestion()`);
  if (!current) break;
  const truth = answerKey[current.question];
  check(truth && truth.rhythmID === current.id, `question ${current.position}: page shows ${current.id}, answers.json strip ${current.question + 1} is ${truth && truth.rhythmID}`);
  if (comebackDue.has(current.position)) {
    const missed = comebackDue.get(current.position);
    check(current.again && current.id === missed.id, `position ${current.position}: the missed ${missed.id} did not come back (${JSON.stringify(current)})`);
    // Every rhythm has a spare strip, so the rhythm comes back on a picture not just seen.
    check(current.picture !== missed.picture, `position ${current.position}: the missed ${missed.id} came back as the same strip ${missed.picture}`);
    const src = await evaluate(`document.getElementById("strip").src`);
    check(src !== missed.src, `position ${current.position}: the page shows the missed strip's image again`);
  }
  const position = await evaluate(`document.getElementById("position").textContent`);
  check(position === `Strip ${current.position} of ${current.total}` + (current.again ? " (again)" : ""), `position reads "${position}"`);
  const options = await evaluate(`[...document.querySelectorAll("#options button")].map((b) => b.dataset.id)`);
  check(options.length >= 2 && options.length <= 9, `question ${i + 1} has ${options.length} options`);
  check(options.includes(truth.rhythmID), `question ${i + 1} does not offer the right answer ${truth.rhythmID}`);
  const answerRight = i % 3 !== 1 || current.again;   // every third answer wrong, never twice the same strip
  const index = answerRight ? options.indexOf(truth.rhythmID) : options.findIndex((id) => id !== truth.rhythmID);
  const shownSrc = await evaluate(`document.getElementById("strip").src`);
  if (i % 2 === 0) await key(String(index + 1), `Digit${index + 1}`, 49 + index);   // keyboard
  else await click(`#options button:nth-child(${index + 1})`);                       // mouse
  answeredCount += 1;
  if (answerRight) expectedScore += 1;
  else if (current.position + 2 <= current.total) comebackDue.set(current.position + 3, {id: truth.rhythmID, picture: current.picture, src: shownSrc});   // else it goes to the end
  const feedback = await evaluate(`({cls: document.getElementById("feedback").className, text: document.getElementById("feedback").innerText, right: document.querySelectorAll("#options button.correct").length, wrong: document.querySelectorAll("#options button.wrong").length, disabled: [...document.querySelectorAll("#options button")].every((b) => b.disabled)})`);
  const heading = (answerRight ? "Right: " : "Wrong: ") + truth.rhythmName;
  check(feedback.text.startsWith(heading), `question ${i + 1}: feedback starts "${feedback.text.slice(0, 80)}", expected "${heading}"`);
  check(feedback.cls === (answerRight ? "ok" : "bad"), `question ${i + 1}: feedback class ${feedback.cls}`);
  check(feedback.right === 1 && feedback.wrong === (answerRight ? 0 : 1) && feedback.disabled, `question ${i + 1}: option highlighting`);
  for (const part of ["Rate", "Regularity", "P waves", "QRS", "Key features", "Measured on this strip"]) {
    check(feedback.text.includes(part), `question ${i + 1}: feedback lacks "${part}"`);
  }
  if (current.picture.startsWith("s")) {
    // A comeback on a spare strip reports that strip's own figures (not in answers.json).
    const rate = await evaluate(`spares[${current.picture.slice(1)}].measured[0][1]`);
    check(feedback.text.includes(`Rate ${rate}`), `question ${i + 1}: the spare strip's measured rate ${rate} missing`);
  } else if (truth.rateBPM) check(feedback.text.includes(`Rate ${truth.rateBPM}/min`), `question ${i + 1}: measured rate ${truth.rateBPM} missing`);
  if (!answerRight) {
    check(/This rhythm comes back on another strip (in 3 strips|at the end)\./.test(feedback.text), `question ${i + 1}: a miss is not scheduled to come back on another strip`);
    const how = await evaluate(`document.querySelector("#feedback .how") ? document.querySelector("#feedback .how").innerText : ""`);
    const chosen = options[index];
    const documented = await evaluate(`Boolean(questions[${current.question}].howToTell[${JSON.stringify(chosen)}])`);
    check(!documented || how.length > 20, `question ${i + 1}: no 'how to tell apart' for documented confusion ${chosen}`);
  }
  const running = await evaluate(`document.getElementById("running-score").textContent`);
  check(running === `Score ${expectedScore}/${answeredCount}`, `running score "${running}"`);
  if (i === 1) { await screenshot("drill-feedback.png", 1100, 1000); await screenshot("drill-phone.png", 390, 844); await send("Emulation.setDeviceMetricsOverride", { width: 1100, height: 1000, deviceScaleFactor: 1, mobile: false }); }
  // Further presses of number keys must not change the recorded answer.
  await key("1", "Digit1", 49);
  if (i % 2 === 0) await key("Enter", "Enter", 13); else await click("#next");
}
check(answeredCount > total, `no missed strip came back (${answeredCount} answers for ${total} strips)`);

const final = await evaluate(`document.getElementById("final-score") ? document.getElementById("final-score").textContent : null`);
const percent = Math.round(100 * expectedScore / answeredCount);
check(final === `Score: ${expectedScore} / ${answeredCount} (${percent}%)`, `final score "${final}", expected ${expectedScore} / ${answeredCount}`);
const summary = await evaluate(`document.getElementById("result").innerText`);
check(summary.includes("Confusions") && summary.includes("answered"), "result lacks the confusions made");
await screenshot("drill-score.png", 1100, 800);
check(pageErrors.length === 0, "page errors: " + pageErrors.join("; "));

// --- The typed-name drill, timed (`drill --html --mode name --time-limit`) ----
const cases = JSON.parse(readFileSync(new URL("./answer_matching_cases.json", import.meta.url), "utf8"));
const nameDrill = join(out, "name-drill.html");
execFileSync(binary, ["drill", "--rhythms", cases.pool.join(","), "--count", "6", "--seed", "99", "--mode", "name",
  "--time-limit", "2", "--html", nameDrill], { stdio: "inherit" });
await send("Emulation.setDeviceMetricsOverride", { width: 390, height: 844, deviceScaleFactor: 1, mobile: true });
await navigate(pathToFileURL(nameDrill).href);
const setup = await evaluate(`({pool: settings.pool, mode: document.getElementById("mode").value, typed: !document.getElementById("typed").classList.contains("hidden"), buttons: !document.getElementById("options").classList.contains("hidden"), timer: !document.getElementById("timer").classList.contains("hidden"), focused: document.activeElement && document.activeElement.id, overflow: document.documentElement.scrollWidth - window.innerWidth})`);
check(JSON.stringify(setup.pool) === JSON.stringify(cases.pool), `name drill pool ${setup.pool}, cases ${cases.pool}`);
check(setup.mode === "name" && setup.typed && !setup.buttons, `name drill opens in typing mode: ${JSON.stringify(setup)}`);
check(setup.timer, "timed drill shows no clock");
check(setup.focused === "typed-answer", `the answer field has no focus (${setup.focused})`);
check(setup.overflow <= 0, `the page is ${setup.overflow} px wider than a phone screen`);
// The page's matcher gives what AnswerMatcher.swift gives (AnswerMatchingCasesTests checks the Swift side).
for (const c of cases.cases) {
  const got = await evaluate(`(() => { const m = matchAnswer(${JSON.stringify(c.input)}); return m.rhythm ? {rhythm: m.rhythm.id} : m.ambiguous ? {ambiguous: m.ambiguous.map((r) => r.id).sort()} : {unknown: true}; })()`);
  const expected = c.rhythm ? { rhythm: c.rhythm } : c.ambiguous ? { ambiguous: c.ambiguous.slice().sort() } : { unknown: true };
  check(JSON.stringify(got) === JSON.stringify(expected), `typed "${c.input}": page gives ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
}
const typedForms = { "afib": "a fib", "aflutter-variable": "variable fluter", "mat": "MAT", "mobitz1": "wenkebach", "mobitz2": "Mobitz 2", "vt-mono": "v tach" };
async function type(text) {
  await evaluate(`(() => { const i = document.getElementById("typed-answer"); i.focus(); i.value = ""; })()`);
  await send("Input.insertText", { text });
  await key("Enter", "Enter", 13);
}
let typedScore = 0, typedAnswers = 0, slowID = null, slowPosition = 0;
for (let i = 0; i < 30; i++) {
  const current = await evaluate(`currentQuestion()`);
  if (!current) break;
  const truth = { id: current.id, name: current.name };
  if (i === 0) {
    await type("zzzz");
    const message = await evaluate(`document.getElementById("typed-message").textContent`);
    check(message.startsWith("I don\u2019t know \u2018zzzz\u2019"), `unknown answer message "${message}"`);
    await type("mobitz");
    const ambiguous = await evaluate(`document.getElementById("typed-message").textContent`);
    check(ambiguous.includes("could be") && ambiguous.includes("be more precise"), `ambiguous answer message "${ambiguous}"`);
    check(await evaluate(`document.getElementById("feedback").classList.contains("hidden")`), "an unknown or ambiguous answer was scored");
  }
  if (slowID && current.position === slowPosition + 5) {
    check(current.again && current.id === slowID, `the slow answer's strip did not come back 5 strips later: ${JSON.stringify(current)}`);
  }
  const wrong = i % 3 === 1 && !current.again;
  const slow = i === 2 && !current.again;
  if (slow) await new Promise((r) => setTimeout(r, 2300));
  const other = cases.pool.find((id) => id !== truth.id);
  await type(wrong ? typedForms[other] : typedForms[truth.id]);
  typedAnswers += 1;
  const feedback = await evaluate(`({cls: document.getElementById("feedback").className, text: document.getElementById("feedback").innerText, disabled: document.getElementById("typed-answer").disabled})`);
  const late = !wrong && /over the 2 s target/.test(feedback.text);   // a loaded machine may make any answer slow
  const heading = (wrong ? "Wrong: " : late ? "Right, but slow: " : "Right: ") + truth.name;
  check(feedback.text.startsWith(heading), `typed question ${i + 1}: feedback starts "${feedback.text.slice(0, 80)}", expected "${heading}"`);
  check(feedback.cls === (wrong ? "bad" : late ? "slow" : "ok"), `typed question ${i + 1}: feedback class ${feedback.cls}`);
  check(feedback.disabled, `typed question ${i + 1}: the answer field stays open after answering`);
  check(/Time: \d+\.\d s \((target 2 s|over the 2 s target)\)/.test(feedback.text), `typed question ${i + 1}: no time in the feedback`);
  if (slow) {
    check(late, "an answer after 2.3 s was not reported as over the 2 s target");
    check(/This rhythm comes back on another strip (in 5 strips|at the end)\./.test(feedback.text), "a slow answer is not scheduled to come back on another strip");
    slowID = truth.id; slowPosition = current.position;
  }
  if (wrong) check(feedback.text.includes("You answered"), `typed question ${i + 1}: the wrong answer is not named`);
  if (!wrong) typedScore += 1;
  if (slow) await screenshot("drill-name-phone.png", 390, 844);
  await key("Enter", "Enter", 13);
}
const typedFinal = await evaluate(`({score: document.getElementById("final-score") && document.getElementById("final-score").textContent, time: document.getElementById("final-time") && document.getElementById("final-time").textContent, table: document.getElementById("result").innerText})`);
check(typedFinal.score === `Score: ${typedScore} / ${typedAnswers} (${Math.round(100 * typedScore / typedAnswers)}%)`, `typed final score "${typedFinal.score}"`);
check(typedFinal.time && typedFinal.time.startsWith("Median time per strip: ") && /[1-9][0-9]* right answers? (was|were) slow/.test(typedFinal.time), `typed final time "${typedFinal.time}"`);
check(typedFinal.table.includes("Median time"), "the score table has no median times");
await screenshot("drill-name-score.png", 390, 844);
check(pageErrors.length === 0, "page errors: " + pageErrors.join("; "));
await send("Emulation.setDeviceMetricsOverride", { width: 1100, height: 1000, deviceScaleFactor: 1, mobile: false });

// --- The worksheet printed on A4 and Letter ---------------------------------
await navigate(pathToFileURL(join(deck, "worksheet.html")).href);
for (const [paper, width, height] of [["a4", 8.27, 11.69], ["letter", 8.5, 11]]) {
  const { data } = await send("Page.printToPDF", { paperWidth: width, paperHeight: height, preferCSSPageSize: true, printBackground: true, scale: 1 });
  const pdf = Buffer.from(data, "base64");
  writeFileSync(join(out, `worksheet-${paper}.pdf`), pdf);
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  check(pages >= 2, `worksheet on ${paper} has ${pages} page(s); expected strips then an answer sheet`);
}
// The strips' CSS size in millimetres equals their pixel size at their DPI (96 CSS px per inch).
const sizes = await evaluate(`[...document.querySelectorAll(".strip img")].map((i) => ({css: i.getBoundingClientRect().width, natural: i.naturalWidth}))`);
for (const s of sizes) check(Math.abs(s.css - s.natural / 200 * 96) < 1, `worksheet strip is ${s.css} CSS px wide, expected ${s.natural / 200 * 96}`);

clearTimeout(watchdog);
socket.close();
cleanup();
console.log(`browser drill test passed: ${total} questions, ${answeredCount} answers with comebacks, score ${expectedScore}/${answeredCount}; typed and timed drill ${typedScore}/${typedAnswers}, ${cases.cases.length} matching cases; worksheet on A4 and Letter; ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(0);
