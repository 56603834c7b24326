/* Print buttons (the receipt): kept out of the markup so the pages carry no inline script. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
