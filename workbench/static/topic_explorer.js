// The topic explorer. Topics, quotes and suggestions come from Python (synced traits);
// this file draws them and sends messages: run, cancel, rename, merge, discard,
// promote (to a code), theme (promote to a theme), accept, reject. User text is only
// ever set with textContent (or an attribute), never as HTML.

let uid = 0;
const nextId = (stem) => `wb-topics-${stem}-${++uid}`;

function render({ model, el }) {
  const root = h("div", { class: "wb-agree wb-topics" });
  el.append(root);
  const chosen = new Set();  // topic numbers ticked for merging

  const redraw = () => {
    root.replaceChildren();
    const error = model.get("error");
    if (error) root.append(h("div", { class: "wb-error", role: "alert", text: error }));
    const busy = model.get("busy");

    // a new run, or another saved run
    const size = h("input", { type: "number", id: nextId("size"), min: "2", max: "10000",
      value: String(model.get("min_topic_size")) });
    size.addEventListener("change", () => {
      const value = parseInt(size.value, 10);
      if (Number.isFinite(value)) { model.set("min_topic_size", value); model.save_changes(); }
    });
    const runs = h("select", { id: nextId("run") });
    for (const run of model.get("runs")) {
      runs.append(h("option", { value: String(run.id), text: `${run.name} (${run.segments} segments)`,
        selected: run.id === model.get("run_id") }));
    }
    runs.addEventListener("change", () => { model.set("run_id", parseInt(runs.value, 10)); model.save_changes(); });
    root.append(h("div", { class: "wb-agree-filters" },
      h("div", {}, h("label", { for: size.id, text: "Smallest topic (segments) " }), size),
      h("button", { type: "button", class: "wb-button wb-primary", text: "Find topics", disabled: busy,
        onclick: () => model.send({ type: "run" }) }),
      h("button", { type: "button", class: "wb-button", text: "Cancel", disabled: !busy,
        onclick: () => model.send({ type: "cancel" }) }),
      model.get("runs").length ? h("div", {}, h("label", { for: runs.id, text: "Run shown " }), runs) : null));
    // while a run goes on: its stage in words, and a bar that fills while passages are embedded
    const progress = model.get("progress") || {};
    if (busy && progress.stage) {
      const counting = progress.stage === "embed" && progress.total > 0;
      root.append(h("div", { class: "wb-topic-progress" },
        h("progress", { max: counting ? String(progress.total) : false, value: counting ? String(progress.done) : false,
          "aria-label": `Topic run: ${progress.text}` }),
        h("span", { class: "wb-help", text: progress.text })));
    }

    // the topics
    const topics = model.get("topics");
    if (topics.length) {
      const mergeLabel = h("input", { type: "text", id: nextId("merged"), maxlength: "300" });
      root.append(h("div", { class: "wb-agree-filters" },
        h("label", { for: mergeLabel.id, text: "Label for merged topics " }), mergeLabel,
        h("button", { type: "button", class: "wb-button", text: "Merge ticked topics",
          onclick: () => model.send({ type: "merge", numbers: [...chosen], label: mergeLabel.value }) })));
    }
    for (const topic of topics) root.append(card(topic));

    // suggestions to decide
    const suggestions = model.get("suggestions");
    if (suggestions.length) {
      const ids = suggestions.map((s) => s.id);
      root.append(h("h3", { text: `Suggested codings to decide (${suggestions.length})` }),
        h("div", {}, h("button", { type: "button", class: "wb-button", text: "Accept all shown",
          onclick: () => model.send({ type: "accept", ids }) }), " ",
        h("button", { type: "button", class: "wb-button", text: "Reject all shown",
          onclick: () => model.send({ type: "reject", ids }) })));
      const body = h("tbody");
      for (const s of suggestions) {
        body.append(h("tr", {}, h("td", { text: s.code }), h("td", { text: s.document }), h("td", { text: s.text }),
          h("td", {}, h("button", { type: "button", class: "wb-button", text: "Accept",
            "aria-label": `Accept ${s.code} for: ${s.text.slice(0, 60)}`, onclick: () => model.send({ type: "accept", ids: [s.id] }) }),
          " ", h("button", { type: "button", class: "wb-button", text: "Reject",
            "aria-label": `Reject ${s.code} for: ${s.text.slice(0, 60)}`, onclick: () => model.send({ type: "reject", ids: [s.id] }) }))));
      }
      root.append(h("table", {}, h("caption", { text: "Codes the topic model suggests; accepted ones become your own codings" }),
        h("thead", {}, h("tr", {}, ...["Code", "Document", "Passage", ""].map((t) => h("th", { scope: "col", text: t })))), body));
    }
    root.append(h("div", { class: "wb-status", role: "status", "aria-live": "polite", text: model.get("status") }));
  };

  const card = (topic) => {
    const outliers = topic.number === -1;
    const section = h("section", { class: "wb-disagreement", "aria-label": `Topic ${topic.number}: ${topic.label}` });
    const heading = `${outliers ? "" : `Topic ${topic.number}: `}${topic.label} (${topic.size} segments` +
      `${topic.status !== "candidate" ? `, ${topic.status}` : ""}${topic.code ? `, code “${topic.code}”` : ""}` +
      `${(topic.themes || []).length ? `, theme ${topic.themes.map((t) => `“${t}”`).join(", ")}` : ""})`;
    section.append(h("h3", { text: heading }), h("p", { text: `Words: ${topic.keywords.join(", ")}` }));
    for (const quote of topic.quotes) section.append(h("blockquote", { text: quote }));
    if (outliers) return section;
    const tick = h("input", { type: "checkbox", id: nextId("tick"), checked: chosen.has(topic.number) });
    tick.addEventListener("change", () => (tick.checked ? chosen.add(topic.number) : chosen.delete(topic.number)));
    const label = h("input", { type: "text", id: nextId("label"), value: topic.label, maxlength: "300" });
    const code = h("input", { type: "text", id: nextId("code"), value: topic.label, maxlength: "200" });
    // a new theme's name, or one of the project's themes (offered in the list)
    const themes = h("datalist", { id: nextId("themes") });
    for (const name of model.get("theme_names")) themes.append(h("option", { value: name }));
    const theme = h("input", { type: "text", id: nextId("theme"), value: (topic.themes || [])[0] || topic.label,
      maxlength: "200", list: themes.id });
    section.append(h("div", { class: "wb-agree-filters" },
      h("span", {}, tick, h("label", { for: tick.id, text: " tick to merge" })),
      h("span", {}, h("label", { for: label.id, text: "Label " }), label,
        h("button", { type: "button", class: "wb-button", text: "Rename",
          onclick: () => model.send({ type: "rename", number: topic.number, label: label.value }) })),
      h("button", { type: "button", class: "wb-button", text: "Discard", disabled: topic.status === "discarded",
        onclick: () => model.send({ type: "discard", number: topic.number }) }),
      h("span", {}, h("label", { for: code.id, text: "Code " }), code,
        h("button", { type: "button", class: "wb-button", text: "Promote to code",
          disabled: topic.status === "discarded",
          onclick: () => model.send({ type: "promote", number: topic.number, code: code.value }) })),
      h("span", {}, h("label", { for: theme.id, text: "Theme " }), theme, themes,
        h("button", { type: "button", class: "wb-button", text: "Promote to theme",
          disabled: topic.status === "discarded",
          onclick: () => model.send({ type: "theme", number: topic.number, theme: theme.value }) }))));
    return section;
  };

  const traits = ["topics", "suggestions", "runs", "run_id", "busy", "progress", "status", "error", "min_topic_size",
    "theme_names"];
  for (const trait of traits) model.on(`change:${trait}`, redraw);
  redraw();
  return () => { for (const trait of traits) model.off(`change:${trait}`, redraw); };
}

export default { render };
