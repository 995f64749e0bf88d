// "Who are you?" at the top of a partner page: a list of the team's members (never a
// typed name), each with their role shown; the choice is made in Python, which builds
// the page's widgets for that person. User text is only ever set with textContent.

function render({ model, el }) {
  const errorText = h("span");
  const errorBox = h("div", { class: "wb-error", role: "alert", hidden: true }, errorText);
  const status = h("div", { class: "wb-status", role: "status", "aria-live": "polite" });
  const question = h("h2", { class: "wb-who-question" });
  const picker = h("select", { class: "wb-who-list" });
  const roleNote = h("p", { class: "wb-who-role", "aria-live": "polite" });
  const start = h("button", { type: "button", class: "wb-button wb-primary", text: "Start" });
  const asking = h("div", { class: "wb-who-asking" }, field("Your name", picker, "Your role is shown below your name."),
    roleNote, start);
  const working = h("p", { class: "wb-who-working" });
  const change = h("button", { type: "button", class: "wb-button", text: "Someone else is at the screen" });
  const chosenBox = h("div", { class: "wb-who-chosen" }, working, change);
  const root = h("div", { class: "wb-panel wb-who", role: "region", "aria-label": "Who is working" },
    question, errorBox, asking, chosenBox, status);
  el.append(root);

  const roleOf = (name) => (model.get("people").find((p) => p.name === name) || {}).role || "";
  function showRole() {
    const role = roleOf(picker.value);
    roleNote.textContent = picker.value ? `Role: ${role}` : "";
    start.disabled = !picker.value;
  }
  picker.addEventListener("change", showRole);
  start.addEventListener("click", () => { if (picker.value) model.send({ type: "choose", name: picker.value }); });
  change.addEventListener("click", () => model.send({ type: "change" }));

  function draw() {
    const chosen = model.get("chosen");
    const signedIn = model.get("signed_in");
    const activity = model.get("activity");
    question.textContent = chosen ? (activity || "Working together") : `Who are you?${activity ? ` (${activity})` : ""}`;
    const before = picker.value;
    options(picker, [["", "Choose your name"], ...model.get("people").map((p) => [p.name, `${p.name} (${p.role})`])],
      before);
    showRole();
    asking.hidden = Boolean(chosen) || signedIn;
    chosenBox.hidden = !chosen;
    change.hidden = signedIn;
    working.textContent = chosen ? `You are working as ${chosen}, ${model.get("role")}.` : "";
    errorText.textContent = model.get("error");
    errorBox.hidden = !model.get("error");
    status.textContent = model.get("status");
  }

  const events = "change:people change:chosen change:role change:signed_in change:activity change:error change:status";
  model.on(events, draw);
  draw();
  return () => model.off(events, draw);
}

export default { render };
