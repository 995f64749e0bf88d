// A long list a page at a time: Python sends only the page shown (traits page, pages);
// these buttons ask it for another page by number.
function pager(model, label) {
  const previous = h("button", { type: "button", class: "wb-button", text: "Previous page" });
  const next = h("button", { type: "button", class: "wb-button", text: "Next page" });
  const where = h("span", { class: "wb-help" });
  previous.addEventListener("click", () => model.send({ type: "page", page: model.get("page") - 1 }));
  next.addEventListener("click", () => model.send({ type: "page", page: model.get("page") + 1 }));
  const element = h("nav", { class: "wb-pages", "aria-label": label }, previous, where, next);
  function draw() {
    const page = model.get("page"), pages = model.get("pages");
    element.hidden = pages <= 1;
    where.textContent = ` Page ${page + 1} of ${pages} `;
    previous.disabled = page <= 0;
    next.disabled = page >= pages - 1;
  }
  return { element, draw };
}
