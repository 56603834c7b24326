// Live check of the fill-in form: post the figures, show the findings, mark the cells they name.
(function () {
  var form = document.getElementById("figures-form");
  if (!form) return;
  var box = document.getElementById("live-findings");
  var timer = null;
  function mark(findings, errors) {
    form.querySelectorAll("td[data-path]").forEach(function (td) {
      td.classList.remove("cell-error", "cell-warning");
    });
    findings.forEach(function (f) {
      f.cells.forEach(function (path) {
        var td = form.querySelector('td[data-path="' + path + '"]');
        if (td && f.severity !== "info") td.classList.add("cell-" + f.severity);
      });
    });
    Object.keys(errors).forEach(function (path) {
      var td = form.querySelector('td[data-path="' + path + '"]');
      if (td) td.classList.add("cell-error");
    });
  }
  function check() {
    fetch(form.dataset.checkUrl, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { box.innerHTML = data.html; mark(data.findings, data.errors); })
      .catch(function () { box.textContent = "核对暂时不可用，保存时仍会核对。"; });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 300); });
  check();
})();
