// After a form is sent and the page comes back (post/redirect/get), move focus to the message
// that says what happened, so keyboard and screen-reader users hear it first.
document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector("[data-focus]");
  if (target) { target.focus(); }
});
