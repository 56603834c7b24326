// Register page: fetch the applicant's earlier applications and similar requests before saving.
(function () {
  var button = document.getElementById("lookup-btn");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var form = button.form;
    var params = new URLSearchParams({
      org: form.elements.org.value,
      id_number: form.elements.id_number.value,
      content: form.elements.content.value
    });
    var target = document.getElementById("lookup-result");
    target.textContent = "查询中…";
    fetch(button.dataset.url + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { target.innerHTML = html; })
      .catch(function () { target.textContent = "查询失败，请稍后重试。"; });
  });
})();
