/* Quiz page, progressive enhancement (the server enforces the time limit and asks again
   about blank answers without this script): a countdown and the deadline in the trainee's
   own time zone, a warning before submitting blank answers, and, when time is up, the
   answers given so far are sent. */
(function () {
  "use strict";
  var form = document.querySelector("form.quiz");
  if (!form) { return; }
  var submitting = false;

  function blanks() {
    var count = 0;
    form.querySelectorAll("[data-question]").forEach(function (fieldset) {
      var answered = Array.prototype.some.call(fieldset.querySelectorAll("input"), function (input) {
        return (input.type === "radio" || input.type === "checkbox") ? input.checked : input.value.trim() !== "";
      });
      if (!answered) { count += 1; }
    });
    return count;
  }

  function confirmBlank() {
    if (!form.querySelector("input[name=confirm_blank]")) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "confirm_blank"; input.value = "1";
      form.appendChild(input);
    }
  }

  form.addEventListener("submit", function (event) {
    if (submitting) { return; }
    if (blanks() > 0 && !form.querySelector("input[name=confirm_blank]")) {
      if (!window.confirm(form.getAttribute("data-blank-warning"))) { event.preventDefault(); return; }
      confirmBlank();
    }
    submitting = true;
  });

  var box = document.querySelector(".time-limit[data-deadline]");
  if (!box) { return; }
  var deadline = new Date(box.getAttribute("data-deadline"));
  if (isNaN(deadline.getTime())) { return; }
  var countdown = box.querySelector("[data-countdown]");
  var local = box.querySelector("[data-local-time]");
  local.textContent = deadline.toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" });
  box.querySelector(".time-limit__countdown").hidden = false;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((deadline.getTime() - Date.now()) / 1000));
    var hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
    countdown.textContent = (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(seconds);
    if (left <= 60) { box.classList.add("time-limit--ending"); }
    if (left === 0) {
      window.clearInterval(timer);
      if (!submitting) { submitting = true; confirmBlank(); form.submit(); }
    }
  }
  var timer = window.setInterval(tick, 1000);
  tick();
})();
