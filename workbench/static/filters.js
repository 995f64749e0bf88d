// Filters shared by Retrieval, TextSearch and the matrices (put after dom.js, before the
// view, by workbench/widgets/esm.py). Python checks every choice again
// (workbench/widgets/filters.py): the page only offers what the widget's traits list.

// An attribute of people or documents (trait `attributes`: [{key, values}]) and one of
// its values. `fields` go in a form, `read()` gives {attribute, value} for a message,
// `draw()` redraws the choices (on change:attributes).
function attributeFilter(model) {
  const attribute = h("select");
  const value = h("select");
  function drawValues() {
    const chosen = model.get("attributes").find((a) => a.key === attribute.value);
    options(value, chosen ? chosen.values.map((v) => [v, v]) : [["", "(any)"]], value.value);
    value.disabled = !chosen;
  }
  function draw() {
    options(attribute, [["", "Anyone"], ...model.get("attributes").map((a) => [a.key, a.key])], attribute.value);
    drawValues();
  }
  attribute.addEventListener("change", drawValues);
  return { fields: [field("Only people or documents with", attribute), field("Value", value)],
    read: () => ({ attribute: attribute.value, value: value.value }), draw };
}

// A choice of one named set (trait `trait`: names), with `none` ("" sent) first;
// `draw(chosen)` keeps `chosen` (by default what is chosen now).
function setChoice(model, trait, none) {
  const select = h("select");
  const draw = (chosen = select.value) => options(select, [["", none], ...model.get(trait).map((name) => [name, name])],
    chosen);
  return { select, draw };
}
