(function () {
  "use strict";
  var lit = [];
  var panel = document.getElementById("panel");

  function clear() {
    lit.forEach(function (element) { element.classList.remove("lit", "chosen"); });
    lit = [];
  }
  function light(element, name) {
    if (element) { element.classList.add(name || "lit"); lit.push(element); }
  }
  function numbers(text) { return text ? text.split(" ") : []; }

  function docOf(element) { return element.id.split("-")[0]; }

  function chooseItem(item) {
    var doc = docOf(item);
    clear();
    light(item, "chosen");
    var marks = numbers(item.dataset.marks).map(function (n) {
      return document.getElementById(doc + "-m" + n);
    });
    marks.forEach(function (mark) { light(mark); });
    if (marks.length && marks[0]) { marks[0].scrollIntoView({ block: "center" }); }
  }

  function entry(list, text, href) {
    var li = document.createElement("li");
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      li.appendChild(link);
    } else {
      li.textContent = text;
    }
    list.appendChild(li);
  }

  function chooseMark(mark) {
    var doc = docOf(mark);
    clear();
    light(mark);
    panel.replaceChildren();
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "close";
    close.addEventListener("click", function () { panel.hidden = true; clear(); });
    panel.appendChild(close);
    var title = document.createElement("strong");
    var state = mark.classList[1];
    var label = document.querySelector(".legend .state-" + state + " .label");
    title.textContent = mark.textContent + ": " + (label ? label.textContent : state);
    panel.appendChild(title);
    var claims = document.createElement("ul");
    numbers(mark.dataset.s).forEach(function (n) {
      var claim = document.getElementById(doc + "-c" + n);
      if (claim) { entry(claims, panel.dataset.subject + " " + claim.dataset.text); light(claim); }
    });
    panel.appendChild(claims);
    var rules = document.createElement("ul");
    numbers(mark.dataset.i).forEach(function (n) {
      var item = document.getElementById(doc + "-i" + n);
      if (item) { entry(rules, item.dataset.text, "#" + item.id); light(item); }
    });
    if (!rules.children.length) { entry(rules, "no " + panel.dataset.item + " rests on this number"); }
    panel.appendChild(rules);
    panel.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest(".text .m");
    if (mark) { event.preventDefault(); chooseMark(mark); return; }
    var item = event.target.closest(".item");
    if (item && !event.target.closest(".numbers a")) {
      event.preventDefault();
      chooseItem(item);
    }
  });
  // A link to a finding or a number (report.html#d0-i0, a finding's "numbers" links)
  // chooses it, as a click would.
  function fromHash() {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.classList.contains("item")) { chooseItem(target); }
    if (target && target.classList.contains("m")) { chooseMark(target); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { panel.hidden = true; clear(); }
    var item = event.target.closest && event.target.closest(".item");
    if (item && event.key === "Enter" && event.target === item) { chooseItem(item); }
    var mark = event.target.closest && event.target.closest(".text span.m");
    if (mark && event.key === "Enter") { chooseMark(mark); }
  });
})();
