/* Helix's tag input: the <datalist> suggests whole values, so after "GIS, fl" rewrite its
   options to "GIS, flooding" and so on. Without this script the list still helps with the
   first tag, and typing commas works the same. No dependency, no network. */
(function () {
  "use strict";
  function enhance(input) {
    if (input.dataset.tagsReady) return;
    input.dataset.tagsReady = "1";
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var names = Array.prototype.map.call(list.options, function (o) { return o.value; });
    function refresh() {
      var value = input.value;
      var cut = value.lastIndexOf(",");
      var head = cut < 0 ? "" : value.slice(0, cut + 1) + " ";
      var taken = value.slice(0, cut + 1).split(",").map(function (t) { return t.trim().toLowerCase(); });
      var fragment = document.createDocumentFragment();
      names.forEach(function (name) {
        if (taken.indexOf(name.toLowerCase()) !== -1) return;
        var option = document.createElement("option");
        option.value = head + name;
        fragment.appendChild(option);
      });
      list.replaceChildren(fragment);
    }
    input.addEventListener("input", refresh);
  }
  function init() { document.querySelectorAll("input[data-tag-input]").forEach(enhance); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
