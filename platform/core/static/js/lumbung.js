/* Keyboard and screen-reader care for pages that change in place (htmx), in one small file.
 *
 * - After a swap, focus goes to what replaced the old content (its first heading, or the
 *   swapped element itself) instead of falling back to <body>, unless the user is typing in a
 *   field inside it; and a short summary (data-announce on the new content, else its first
 *   heading) is read out through one polite live region.
 * - A <select data-autosubmit> submits its form when the choice is made (change by mouse,
 *   Enter, or leaving the field), not on every ArrowDown while browsing the options.
 */
(function () {
  "use strict";

  function liveRegion() {
    var region = document.getElementById("live-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "live-announcer";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(text) {
    if (!text) return;
    var region = liveRegion();
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text.trim(); }, 50);
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !document.body.contains(target)) return;
    var active = document.activeElement;
    var typing = active && target.contains(active) && /INPUT|TEXTAREA|SELECT/.test(active.tagName);
    var summary = target.querySelector("[data-announce]");
    var heading = target.querySelector("h1, h2, h3, [data-focus]");
    if (!typing) {
      var focusable = heading || target;
      if (!focusable.hasAttribute("tabindex")) focusable.setAttribute("tabindex", "-1");
      focusable.focus({ preventScroll: true });
    }
    announce(summary ? summary.getAttribute("data-announce") || summary.textContent
                     : heading ? heading.textContent : "");
  });

  function submitOnChoice(select) {
    var lastValue = select.value;
    var browsing = false;
    select.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") browsing = true;
      if (event.key === "Enter" && select.value !== lastValue) {
        event.preventDefault();
        lastValue = select.value;
        select.form && select.form.requestSubmit();
      }
    });
    select.addEventListener("change", function () {
      if (browsing) return; // keyboard browsing: wait for Enter or leaving the field
      lastValue = select.value;
      select.form && select.form.requestSubmit();
    });
    select.addEventListener("blur", function () {
      if (browsing && select.value !== lastValue) {
        lastValue = select.value;
        select.form && select.form.requestSubmit();
      }
      browsing = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-autosubmit]").forEach(submitOnChoice);
  });
})();
