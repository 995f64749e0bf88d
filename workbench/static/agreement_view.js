// The agreement view. All numbers are computed in Python (synced traits); this file
// draws them and sends one kind of message, "settle". User text (names, codes, quotes)
// is only ever set with textContent, never as HTML.

let uid = 0;
const nextId = (stem) => `wb-agree-${stem}-${++uid}`;
const PAGE_SIZE = 50; // as agreement_view.py's PAGE_SIZE
const number = (v) => (v === null || v === undefined ? "–" : v.toFixed(2));

// Cividis-like ramp from -1 to 1; the number is always printed in the cell as well.
function cellColour(v) {
  if (v === null || v === undefined) return ["#ffffff", "#1b1b1b"];
  const t = Math.max(0, Math.min(1, (v + 1) / 2));
  const mix = (a, b) => Math.round(a + (b - a) * t);
  const [r, g, b] = [mix(0, 255), mix(34, 234), mix(78, 70)];
  // black or white text, whichever contrasts more (WCAG relative luminance)
  const channel = (c) => { const x = c / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
  const luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const onBlack = (luminance + 0.05) / 0.05, onWhite = 1.05 / (luminance + 0.05);
  return [`rgb(${r},${g},${b})`, onBlack > onWhite ? "#000000" : "#ffffff"];
}

function checkboxes(legend, options, chosen, onchange) {
  const box = h("div", { class: "wb-agree-choices" });
  for (const option of options) {
    const id = nextId("check");
    const input = h("input", { type: "checkbox", id, checked: chosen.includes(option) });
    input.addEventListener("change", () => onchange(option, input.checked));
    box.append(h("span", {}, input, h("label", { for: id, text: " " + option })));
  }
  return h("fieldset", {}, h("legend", { text: legend }), box);
}

// A textarea's value turns "\r\n" into "\n"; map its offsets back into the text sent.
function offsetIn(text, offset) {
  let i = 0;
  for (let seen = 0; seen < offset && i < text.length; seen += 1) i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
  return i;
}

// The segment's text, to select the words of a new coding with the mouse or the
// keyboard (Shift and the arrow keys); shown when that way of settling is chosen.
// Not `readonly` (Chromium then moves no caret): every edit is refused instead.
function wordPicker(item) {
  const area = h("textarea", { id: nextId("words"), "aria-readonly": "true", rows: "4", style: "width:100%" });
  area.value = item.text;
  area.addEventListener("beforeinput", (event) => event.preventDefault());
  for (const kind of ["paste", "drop", "cut"]) area.addEventListener(kind, (event) => event.preventDefault());
  const chosen = h("p", { "aria-live": "polite", text: "No words selected yet." });
  const show = () => {
    const words = area.value.slice(area.selectionStart, area.selectionEnd).trim();
    chosen.textContent = words ? `Words chosen: “${words}”` : "No words selected yet.";
  };
  for (const type of ["select", "keyup", "mouseup"]) area.addEventListener(type, show);
  const box = h("div", { hidden: true },
    h("label", { for: area.id, text: "Select the words to code (mouse, or Shift and the arrow keys)" }), h("br"),
    area, chosen);
  const span = () => ({ start: offsetIn(item.text, area.selectionStart), end: offsetIn(item.text, area.selectionEnd) });
  return { box, span };
}

function render({ model, el }) {
  const root = h("div", { class: "wb-agree" });
  el.append(root);
  const redraw = () => {
    root.replaceChildren();
    const error = model.get("error");
    if (error) root.append(h("div", { class: "wb-error", role: "alert", text: error }));

    // filters
    const toggle = (trait) => (name, on) => {
      const now = model.get(trait).filter((n) => n !== name);
      model.set(trait, on ? [...now, name] : now);
      model.save_changes();
    };
    const unit = h("select", { id: nextId("unit") });
    for (const [value, label] of [["segment", "whole segments"], ["character", "characters"]]) {
      unit.append(h("option", { value, text: label, selected: model.get("unit") === value }));
    }
    unit.addEventListener("change", () => { model.set("unit", unit.value); model.save_changes(); });
    const skipId = nextId("skip");
    const skip = h("input", { type: "checkbox", id: skipId, checked: model.get("skip_uncoded") });
    skip.addEventListener("change", () => { model.set("skip_uncoded", skip.checked); model.save_changes(); });
    root.append(h("div", { class: "wb-agree-filters" },
      checkboxes("Members compared", model.get("all_members"), model.get("members"), toggle("members")),
      checkboxes("Documents (none ticked: all)", model.get("all_documents"), model.get("documents"), toggle("documents")),
      h("div", {}, h("label", { for: unit.id, text: "Count agreement over " }), unit,
        h("div", {}, skip, h("label", { for: skipId, text: " leave out what nobody coded" })))));
    if (model.get("left_out")) {
      root.append(h("p", { text: `${model.get("left_out")} unit(s) nobody coded were left out.` }));
    }

    // per-code table
    const rows = model.get("rows");
    const table = h("table", {}, h("caption", { text: "How far members agree, code by code" }),
      h("thead", {}, h("tr", {}, ...["Code", "Units compared", "Agreement", "Krippendorff's alpha",
        "Fleiss' kappa", "In words", ""].map((t) => h("th", { scope: "col", text: t })))));
    const body = h("tbody");
    for (const row of rows) {
      const show = h("button", { type: "button", class: "wb-button", text: "Where they differ",
        "aria-label": `Where members differ on ${row.code}`,
        onclick: () => { model.set("code", row.code); model.save_changes(); } });
      body.append(h("tr", {}, h("th", { scope: "row", text: row.code }),
        h("td", { class: "wb-num", text: String(row.units) }),
        h("td", { class: "wb-num", text: row.percent_agreement === null ? "–" : `${Math.round(row.percent_agreement * 100)}%` }),
        h("td", { class: "wb-num", text: number(row.alpha) }), h("td", { class: "wb-num", text: number(row.fleiss) }),
        h("td", { text: row.reading }), h("td", {}, row.kind === "presence" && model.get("unit") === "character" ? null : show)));
    }
    table.append(body);
    root.append(table);

    // member x member grid
    const grid = model.get("grid");
    if (grid.members && grid.members.length) {
      const head = h("tr", {}, h("td"), ...grid.members.map((m) => h("th", { scope: "col", text: m })));
      const gridBody = h("tbody");
      grid.members.forEach((m, i) => {
        gridBody.append(h("tr", {}, h("th", { scope: "row", text: m }), ...grid.values[i].map((v, j) => {
          const [bg, fg] = cellColour(v);
          return h("td", { class: "wb-num", text: i === j ? "" : number(v), style: `background:${bg};color:${fg}` });
        })));
      });
      root.append(h("table", {}, h("caption", { text: "Each pair of members: Cohen's kappa (mean over codes)" }),
        h("thead", {}, head), gridBody));
    }

    // disagreements of the chosen code
    const code = model.get("code");
    if (code) {
      const items = model.get("disagreements");
      root.append(h("h3", { text: `Where members differ on “${code}” (${model.get("total")})` }));
      const pager = pages();
      if (pager) root.append(pager);
      items.forEach((item, index) => root.append(disagreement(item, index)));
    }
    root.append(h("div", { class: "wb-status", role: "status", "aria-live": "polite", text: model.get("status") }));
  };

  // A long list comes a page at a time (Python sends only the page shown).
  const pages = () => {
    const count = model.get("pages"), page = model.get("page"), size = model.get("disagreements").length;
    if (count <= 1) return null;
    const go = (to) => { model.set("page", to); model.save_changes(); };
    const first = page * PAGE_SIZE + 1;
    return h("nav", { class: "wb-pages", "aria-label": "Pages of disagreements" },
      h("button", { type: "button", class: "wb-button", text: "Previous page", disabled: page === 0,
        onclick: () => go(page - 1) }),
      h("span", { text: ` ${first}–${first + size - 1} of ${model.get("total")} (page ${page + 1} of ${count}) ` }),
      h("button", { type: "button", class: "wb-button", text: "Next page", disabled: page >= count - 1,
        onclick: () => go(page + 1) }));
  };

  const disagreement = (item, index) => {
    const section = h("section", { class: "wb-disagreement",
      "aria-label": `${item.document}, segment ${item.position + 1}` });
    section.append(h("p", { text: `${item.document}, segment ${item.position + 1}` }), h("blockquote", { text: item.text }));
    section.append(h("div", { class: "wb-sides" }, ...item.sides.map((side) =>
      h("div", { class: "wb-side" }, h("strong", { text: side.member }), h("span", { text: side.shown })))));
    const form = h("form", { "aria-label": "Settle this disagreement" });
    const how = h("select", { id: nextId("how") });
    // nobody's version is chosen for the team: they say which they agreed
    how.append(h("option", { value: "", text: "Choose how you agreed…", selected: true, disabled: true }));
    for (const side of item.sides) how.append(h("option", { value: `choose:${side.member}`, text: `Keep ${side.member}'s version` }));
    if (item.values.length) for (const value of item.values) how.append(h("option", { value: `value:${value}`, text: `Agree on “${value}”` }));
    else {
      how.append(h("option", { value: "merge:", text: "Merge everyone's codings into one" }));
      how.append(h("option", { value: "segment:", text: "Code the whole segment" }));
      how.append(h("option", { value: "words:", text: "Code only some words of the segment (select them)" }));
    }
    const picker = wordPicker(item);
    how.addEventListener("change", () => { picker.box.hidden = !how.value.startsWith("words:"); });
    const agreed = [];
    const who = checkboxes("Who agreed", model.get("all_members").filter((m) => m !== "Consensus"), [], (name, on) => {
      const at = agreed.indexOf(name);
      if (on && at < 0) agreed.push(name);
      if (!on && at >= 0) agreed.splice(at, 1);
    });
    const memo = h("textarea", { id: nextId("memo"), rows: "2", maxlength: "20000" });
    form.append(h("div", {}, h("label", { for: how.id, text: "Agreed version " }), how), picker.box, who,
      h("div", {}, h("label", { for: memo.id, text: "What you discussed (saved as a memo)" }), h("br"), memo),
      h("button", { type: "submit", class: "wb-button wb-primary", text: "Save the agreed version" }));
    const problem = h("p", { class: "wb-form-problem", "aria-live": "polite" });
    form.append(problem);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!how.value) { problem.textContent = "Choose the agreed version first."; how.focus(); return; }
      problem.textContent = "";
      const [kind, ...rest] = how.value.split(":");
      const choice = rest.join(":");
      model.send({ type: "settle", index, how: kind, member: kind === "choose" ? choice : "",
        value: kind === "value" ? choice : "", agreed_by: [...agreed], discussion: memo.value,
        ...(kind === "words" ? picker.span() : {}) });
    });
    section.append(form);
    return section;
  };

  const traits = ["rows", "grid", "disagreements", "page", "pages", "total", "error", "status", "left_out", "members", "documents", "unit",
    "skip_uncoded", "code", "all_members"];
  for (const trait of traits) model.on(`change:${trait}`, redraw);
  redraw();
  return () => { for (const trait of traits) model.off(`change:${trait}`, redraw); };
}

export default { render };
