// Thematic map builder and partners' theme review. State lives in the Python model; user
// text is only ever set with textContent. Every action is a native control (button,
// select, checkbox, textarea), so the whole map can be built by keyboard alone. Partners
// get the themes to review a page at a time (pager.js).

let uid = 0;
const next = (stem) => `wb-${stem}-${++uid}`;
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function select(options, label, blank) {
  const el = h("select", { id: next("select") });
  if (blank !== undefined) el.append(h("option", { value: "", text: blank }));
  for (const option of options) el.append(h("option", { value: option, text: option }));
  return field(label, el);
}

function checkboxes(legend, names, cls) {
  const boxes = names.map((name) => {
    const id = next("check");
    return h("div", { class: "wb-field wb-check" },
      h("input", { type: "checkbox", id, value: name, class: cls }), h("label", { for: id, text: name }));
  });
  return h("fieldset", { class: "wb-fieldset" }, h("legend", { text: legend }), ...boxes);
}

const chosen = (root, cls) => [...root.querySelectorAll(`input.${cls}:checked`)].map((box) => box.value);

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const proposerBox = h("div", { class: "wb-who" });
  const creator = h("section", { class: "wb-theme-new", "aria-label": "New theme" });
  const list = h("div", { class: "wb-theme-list" });
  const pages = pager(model, "Pages of themes");
  const root = h("div", { class: "wb-panel wb-theme-map", role: "region", "aria-label": "Thematic map",
    "data-lm-suppress-shortcuts": "true" }, h("h3", { class: "wb-theme-title", tabindex: "-1" }), errorBox, proposerBox, creator,
    list, pages.element, status);
  el.append(root);

  function drawProposer() {
    proposerBox.replaceChildren();
    if (!model.get("facilitated")) return;
    const people = model.get("people").map((p) => p.name);
    const picker = select(people, "Whose idea is this change?");
    const control = picker.querySelector("select");
    control.value = model.get("proposer");
    control.addEventListener("change", () => { model.set("proposer", control.value); model.save_changes(); });
    proposerBox.append(picker);
  }

  function drawCreator() {
    creator.replaceChildren();
    if (model.get("partner_mode")) return;
    const name = h("input", { type: "text", id: next("name"), maxlength: "200" });
    const summary = h("textarea", { id: next("summary"), rows: "2" });
    const codes = checkboxes("Codes in the new theme (codes in no theme yet are listed first)",
      [...model.get("loose"), ...model.get("codes").filter((c) => !model.get("loose").includes(c))], "wb-new-code");
    const make = h("button", { type: "button", class: "wb-button wb-primary", text: "Make the theme",
      onclick: () => model.send({ type: "create", name: name.value, summary: summary.value,
        codes: chosen(creator, "wb-new-code") }) });
    creator.append(h("h4", { text: "Make a theme from codes" }), field("Theme name", name),
      field("Its central idea, in plain words (optional)", summary), codes, h("div", { class: "wb-actions" }, make));
  }

  function themeCard(theme, names) {
    const headingId = next("theme");
    const card = h("section", { class: "wb-theme", "aria-labelledby": headingId, "data-theme": theme.name });
    const title = h("h4", { id: headingId }, h("span", { class: "wb-theme-name", text: theme.name }));
    const facts = [theme.status, plural(theme.passages, "passage")];
    if (theme.parent) facts.push(`sub-theme of ${theme.parent}`);
    card.append(title, h("p", { class: "wb-help", text: facts.join(" · ") }));
    const tally = theme.tally || {};
    const said = model.get("verdicts").map((v) => `${v}: ${tally[v] || 0}`).join(", ");
    card.append(h("p", { class: "wb-theme-tally", text: `Partners' review: ${said}.` }));
    if (model.get("partner_mode")) return reviewCard(card, theme);

    const summary = h("textarea", { id: next("summary"), rows: "2", value: theme.summary });
    card.append(field(`Central idea of ${theme.name}`, summary), h("div", { class: "wb-actions" },
      h("button", { type: "button", class: "wb-button", text: "Save the central idea",
        onclick: () => model.send({ type: "summary", theme: theme.name, summary: summary.value }) })));

    const others = names.filter((n) => n !== theme.name);
    const codeList = h("ul", { class: "wb-theme-codes", "aria-label": `Codes in ${theme.name}` });
    for (const code of theme.codes) {
      const where = select(others, `Move ${code} to`);
      codeList.append(h("li", { class: "wb-theme-code" }, h("input", { type: "checkbox", id: next("code"),
        value: code, class: "wb-pick", "aria-label": `Choose ${code}` }), h("span", { text: code }), where,
        h("button", { type: "button", class: "wb-button", text: "Move", "aria-label": `Move ${code}`,
          disabled: others.length === 0,
          onclick: () => model.send({ type: "move", code, from: theme.name, to: where.querySelector("select").value }) })));
    }
    card.append(codeList);

    const addable = model.get("codes").filter((c) => !theme.codes.includes(c));
    const add = select(addable, `Add a code to ${theme.name}`, "Choose a code");
    const splitName = h("input", { type: "text", id: next("split"), maxlength: "200" });
    const merge = select(others, `Merge ${theme.name} into`);
    const parent = select(others, `${theme.name} sits under`, "No theme (a theme of its own)");
    parent.querySelector("select").value = theme.parent;
    card.append(h("div", { class: "wb-more" },
      add, h("button", { type: "button", class: "wb-button", text: "Add the code",
        onclick: () => { const code = add.querySelector("select").value; if (code) model.send({ type: "add_codes", theme: theme.name, codes: [code] }); } }),
      field("Name for a new theme from the chosen codes", splitName),
      h("button", { type: "button", class: "wb-button", text: "Split the chosen codes off",
        onclick: () => model.send({ type: "split", theme: theme.name, name: splitName.value, codes: chosen(card, "wb-pick") }) }),
      merge, h("button", { type: "button", class: "wb-button", text: "Merge", disabled: others.length === 0,
        "aria-label": `Merge ${theme.name}`,
        onclick: () => model.send({ type: "merge", source: theme.name, target: merge.querySelector("select").value }) }),
      parent, h("button", { type: "button", class: "wb-button", text: "Place it",
        onclick: () => model.send({ type: "parent", theme: theme.name, parent: parent.querySelector("select").value }) })));
    return card;
  }

  function reviewCard(card, theme) {
    card.append(h("p", { class: "wb-theme-summary", text: theme.summary || "No central idea written yet." }));
    if (theme.quotes.length) {
      card.append(h("p", { class: "wb-help", text: "Some of what people said:" }),
        h("ul", { class: "wb-theme-quotes" }, ...theme.quotes.map((q) => h("li", {}, h("q", { text: q.text })))));
    }
    const group = `wb-verdict-${++uid}`;
    const choices = model.get("verdicts").map((verdict) => {
      const id = next("verdict");
      return h("div", { class: "wb-field wb-check" }, h("input", { type: "radio", name: group, id, value: verdict,
        checked: theme.mine && theme.mine.verdict === verdict }), h("label", { for: id, text: verdict }));
    });
    const comment = h("textarea", { id: next("comment"), rows: "2", value: theme.mine ? theme.mine.comment : "" });
    card.append(h("fieldset", { class: "wb-fieldset" }, h("legend", { text: `Does “${theme.name}” fit what you know?` }),
      ...choices), field("What fits, what does not, or what is missing (optional)", comment),
      h("div", { class: "wb-actions" }, h("button", { type: "button", class: "wb-button wb-primary", text: "Send my view",
        "aria-label": `Send my view of ${theme.name}`,
        onclick: () => {
          const picked = card.querySelector(`input[name="${group}"]:checked`);
          model.send({ type: "respond", theme: theme.name, verdict: picked ? picked.value : "", comment: comment.value });
        } })));
    return card;
  }

  // Redrawing replaces the controls: keep the keyboard user's place by finding the control
  // with the same theme and name again (or the title, when its theme has gone).
  function keyOf(control) {
    if (!control || !root.contains(control)) return null;
    const theme = control.closest("[data-theme]");
    const label = control.id ? root.querySelector(`label[for="${control.id}"]`) : null;
    const name = control.getAttribute("aria-label") || (label && label.textContent) || control.textContent;
    return `${theme ? theme.dataset.theme : ""}|${control.tagName}|${name}`;
  }

  function draw() {
    const focused = keyOf(document.activeElement);
    redraw();
    if (focused === null) return;
    const again = [...root.querySelectorAll("button, input, select, textarea")].find((c) => keyOf(c) === focused);
    (again || root.querySelector(".wb-theme-title")).focus();
  }

  function redraw() {
    root.querySelector(".wb-theme-title").textContent = model.get("partner_mode") ? "Do these themes fit?" : "Thematic map";
    drawProposer();
    drawCreator();
    const themes = model.get("themes");
    const names = themes.map((t) => t.name);
    const shown = model.get("partner_mode") ? themes.filter((t) => t.status !== "final") : themes;
    list.replaceChildren(...shown.map((theme) => themeCard(theme, names)));
    if (!shown.length) list.append(h("p", { class: "wb-help", text: "No themes yet." }));
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
    pages.draw();
  }

  const events = "change:themes change:codes change:loose change:people change:proposer change:facilitated "
    + "change:partner_mode change:error change:status change:page change:pages";
  model.on(events, draw);
  draw();
  return () => model.off(events, draw);
}

export default { render };
