// Insert a live figure token ({{名称}}) at the cursor of the last focused chapter textarea.
(function () {
  var last = null;
  document.querySelectorAll("textarea[data-chapter]").forEach(function (t) {
    t.addEventListener("focus", function () { last = t; });
  });
  document.querySelectorAll(".insert-figure").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = last || document.querySelector('textarea[data-chapter="1"]');
      var token = "{{" + button.dataset.name + "}}";
      var start = target.selectionStart, end = target.selectionEnd;
      target.value = target.value.slice(0, start) + token + target.value.slice(end);
      target.focus();
      target.selectionStart = target.selectionEnd = start + token.length;
    });
  });
})();
