// Ideas and actions ("you said, we did") for the team. State lives in the Python model;
// user text is only ever set with textContent or as a form field's value. A long list
// comes a page at a time (pager.js); which status is listed is chosen in Python too.

const SIGNS = { "new": "•", "being considered": "…", "taken forward": "✔", "not taken forward": "✖" };

// Unlike `options`, a value that is not offered selects nothing (an owner no longer in
// the team shows blank rather than someone else's name).
function choices(select, values, chosen) {
  options(select, values);
  select.value = chosen;
}

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const show = h("select");
  const showField = field("Show", show);
  show.addEventListener("change", () => model.send({ type: "show", status: show.value }));
  const list = h("ol", { class: "wb-idea-list" });
  const pages = pager(model, "Pages of ideas");

  const newText = h("textarea", { rows: 2 });
  const newBy = h("select");
  const add = h("form", { class: "wb-idea-new", "aria-label": "Add an idea said aloud" },
    h("h4", { text: "Add an idea said aloud" }), field("The idea", newText), field("Raised by", newBy),
    h("button", { type: "submit", class: "wb-button", text: "Add the idea" }));
  add.addEventListener("submit", (event) => {
    event.preventDefault();
    model.send({ type: "capture", text: newText.value, proposed_by: newBy.value });
  });

  const root = h("div", { class: "wb-panel wb-ideas-tracker", role: "region", "aria-label": "Ideas and actions",
    "data-lm-suppress-shortcuts": "true" },
    h("h3", { text: "Ideas and actions: you said, we did" }), errorBox, showField, list, pages.element, add, status);
  el.append(root);

  function card(idea) {
    const statusSelect = h("select");
    choices(statusSelect, model.get("states").map((s) => [s, `${SIGNS[s] || ""} ${s}`]), idea.status);
    const response = h("textarea", { rows: 2, value: idea.response });
    const reason = h("textarea", { rows: 2, value: idea.reason });
    const owner = h("select");
    const names = model.get("people").map((p) => [p.name, `${p.name} (${p.role})`]);
    choices(owner, idea.owner ? names : [["", "Nobody yet"], ...names], idea.owner);
    const due = h("input", { type: "date", value: idea.due });
    const source = [idea.theme && `theme “${idea.theme}”`, idea.source && `from ${idea.source}`].filter(Boolean).join(", ");
    const form = h("form", { class: "wb-idea-form", "aria-label": `What happened to: ${idea.text.slice(0, 80)}` },
      field("Status", statusSelect), field("What we did (partners read this)", response),
      field("Why", reason, "Needed when an idea is not taken forward."), field("Who is taking it forward", owner),
      field("By when", due),
      h("button", { type: "submit", class: "wb-button wb-primary", text: "Save" }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      model.send({ type: "save", id: idea.id, status: statusSelect.value, response: response.value,
        reason: reason.value, owner: owner.value, due: due.value });
    });
    return h("li", { class: "wb-idea", "data-idea-id": idea.id, "data-status": idea.status },
      h("p", { class: "wb-idea-text", text: `“${idea.text}”` }),
      h("p", { class: "wb-help", text: `Raised by ${idea.proposed_by} (${idea.proposer_role})`
        + `${source ? `; ${source}` : ""}. Status: ${idea.status}. Last changed ${idea.updated}.` }),
      form);
  }

  function draw() {
    const shown = model.get("ideas");
    const counts = model.get("counts");
    choices(show, [["all", `All ideas (${counts.all || 0})`],
      ...model.get("states").map((s) => [s, `${s} (${counts[s] || 0})`])], model.get("showing"));
    // a redraw must not throw away what someone is typing (keep that card as it is),
    // nor lose the keyboard's place after Save (focus the new card's Save button)
    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    const inCard = focused && focused.closest(".wb-idea");
    const typing = inCard && focused.tagName !== "BUTTON" && shown.some((i) => String(i.id) === inCard.dataset.ideaId);
    list.replaceChildren(...(shown.length
      ? shown.map((idea) => (typing && String(idea.id) === inCard.dataset.ideaId ? inCard : card(idea)))
      : [h("li", { text: "No ideas to show." })]));
    if (inCard && !typing) {
      const again = list.querySelector(`.wb-idea[data-idea-id="${inCard.dataset.ideaId}"] button`);
      if (again) again.focus();
    }
    const by = newBy.value;
    choices(newBy, model.get("people").map((p) => [p.name, `${p.name} (${p.role})`]), by || model.get("member_name"));
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
    pages.draw();
  }
  const onMessage = (message) => { if (message.type === "captured") newText.value = ""; };

  const events = "change:ideas change:states change:people change:error change:status"
    + " change:showing change:counts change:page change:pages";
  model.on(events, draw);
  model.on("msg:custom", onMessage);
  draw();
  const poll = setInterval(() => model.send({ type: "refresh" }), 3000);  // others updating ideas
  return () => { clearInterval(poll); model.off(events, draw); model.off("msg:custom", onMessage); };
}

export default { render };
