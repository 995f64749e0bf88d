// Dot-voting view. State lives in the Python model; user text is only ever set with
// textContent. Dots are shown as a number in words as well as filled circles.

let uid = 0;
const dots = (n) => "●".repeat(Math.min(n, 30));
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const voterSelect = h("select", { id: `wb-voter-${++uid}` });
  voterSelect.addEventListener("change", () => { model.set("voter", voterSelect.value); model.save_changes(); });
  const voterField = h("div", { class: "wb-field" }, h("label", { for: voterSelect.id, text: "Placing dots for" }), voterSelect);
  const left = h("p", { class: "wb-dots-left" });
  const takeBack = h("button", { type: "button", class: "wb-button", text: "Take back my last dot",
    onclick: () => model.send({ type: "take_back" }) });
  const list = h("ul", { class: "wb-vote-options" });
  const caption = h("caption", { text: "Results: most dots first" });
  const body = h("tbody");
  const table = h("table", { class: "wb-vote-results" }, caption,
    h("thead", {}, h("tr", {}, ...["Rank", "Option", "Dots", "People", "From"].map((t) => h("th", { scope: "col", text: t })))), body);
  const root = h("div", { class: "wb-panel wb-dot-vote", role: "region", "aria-label": "Dot voting",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { class: "wb-vote-title" }), errorBox, voterField, left, takeBack, list, table, status);
  el.append(root);

  function draw() {
    root.querySelector(".wb-vote-title").textContent = `Voting: ${model.get("session")}`;
    const voter = model.get("voter");
    voterField.hidden = !model.get("facilitated");
    voterSelect.replaceChildren(...model.get("voters").map((v) => h("option", { value: v.name, text: `${v.name} (${v.role})` })));
    voterSelect.value = voter;
    const remaining = model.get("dots_left");
    left.textContent = `${voter} has ${plural(remaining, "dot")} left of ${model.get("dots_each")}.`;
    list.replaceChildren(...model.get("options").map((option) => h("li", { class: "wb-vote-option" },
      h("button", { type: "button", class: "wb-button", "data-key": option.key, disabled: remaining <= 0,
        "aria-label": `Place a dot on ${option.label}`, text: "Place a dot",
        onclick: () => model.send({ type: "place", key: option.key }) }),
      h("span", { class: "wb-vote-label", text: option.label }),
      h("span", { class: "wb-vote-count", text: `${plural(option.dots, "dot")}${option.mine ? ` (${option.mine} from ${voter})` : ""}` }),
      h("span", { class: "wb-vote-dots", "aria-hidden": "true", text: dots(option.dots) }))));
    body.replaceChildren(...model.get("results").map((row) => h("tr", {},
      h("td", { text: String(row.rank) }), h("th", { scope: "row", text: row.label }), h("td", { text: String(row.dots) }),
      h("td", { text: String(row.voters) }), h("td", { text: row.by_role }))));
    table.hidden = model.get("results").length === 0;
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const events = "change:session change:voter change:voters change:facilitated change:dots_left change:dots_each "
    + "change:options change:results change:error change:status";
  model.on(events, draw);
  draw();
  const poll = setInterval(() => model.send({ type: "refresh" }), 2000);  // others voting on their own screens
  return () => { clearInterval(poll); model.off(events, draw); };
}

export default { render };
