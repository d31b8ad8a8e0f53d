// A form sent back with errors puts the focus on what to correct: the first field the server
// marked invalid (Django sets aria-invalid; the field's message is tied to it by
// aria-describedby), or else the form's own errors. Without script the messages are there all
// the same; this only saves a keyboard or screen-reader user from starting again at the top.
document.addEventListener("DOMContentLoaded", () => {
  if (document.activeElement && document.activeElement !== document.body) return;
  const main = document.getElementById("content");
  if (!main) return;
  const field = main.querySelector("form [aria-invalid='true']");
  const target = field || main.querySelector("form .errorlist.nonfield");
  if (!target) return;
  if (!field) target.setAttribute("tabindex", "-1");
  target.focus();
});
