/* Keyboard and screen-reader care for pages that change in place (htmx), in one small file.
 *
 * - After a swap, focus goes to what replaced the old content (its first heading, or the
 *   swapped element itself) instead of falling back to <body>, unless the user is typing in a
 *   field inside it; and a short summary (data-announce on the new content, else its first
 *   heading) is read out through one polite live region.
 * - A <select data-autosubmit> submits its form when the choice is made (change by mouse,
 *   Enter, or leaving the field), not on every ArrowDown while browsing the options.
 * - A <select data-searchable> (core.forms.searchable) becomes a box one types into to filter
 *   its options (Tom Select, vendored), also when an htmx swap brings one in.
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

  // The select stays in the form underneath and carries the values, so without this script (or
  // before Tom Select loads) the plain select submits the same thing. Its texts come from the
  // element's data-search-* attributes, translated with the page.
  function makeSearchable(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") return;
    var multiple = select.multiple;
    var empty = select.getAttribute("data-search-empty") || "";
    var remove = select.getAttribute("data-search-remove") || "";
    var box = new window.TomSelect(select, {
      maxOptions: null,              // every OPD or affair, not the first fifty
      allowEmptyOption: !multiple,   // a single select's "— pilih —" stays choosable
      placeholder: select.getAttribute("data-search-placeholder") || null,
      clearAfterSelect: true,        // the next word typed searches afresh
      refreshThrottle: 0,            // filter at once: Enter right after typing takes the match
      lockOptgroupOrder: true,       // groups (kinds of affairs) stay in their official order
      plugins: multiple ? {
        remove_button: {
          title: remove,
          html: function (data) {
            var button = document.createElement("span");
            button.className = data.className;
            button.setAttribute("role", "button");
            button.setAttribute("aria-label", data.title);
            button.title = data.title;
            button.tabIndex = -1;    // Backspace removes from the keyboard; the × is for pointers
            button.textContent = "×";
            return button;
          },
        },
      } : {},
      render: {
        // A listbox may hold only options or groups of them: "no results" is an option one
        // cannot choose, and a group is named by its header, which then need not be read as a
        // stray line.
        no_results: function (data, escape) {
          return '<div class="no-results" role="option" aria-disabled="true" aria-selected="false">' +
            escape(empty) + "</div>";
        },
        optgroup: function (data) {
          var group = document.createElement("div");
          group.className = "optgroup";
          group.setAttribute("role", "group");
          group.setAttribute("aria-label", data.group.label || "");
          group.appendChild(data.options);
          return group;
        },
        optgroup_header: function (data, escape) {
          return '<div class="optgroup-header" aria-hidden="true">' + escape(data.label) + "</div>";
        },
      },
    });
    // Tom Select points the <label for> at its typing box and names the box by the label; the
    // hidden select underneath is left out of the accessibility tree (not focusable: tabindex -1).
    select.setAttribute("aria-hidden", "true");
    return box;
  }

  function enhance(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches("select[data-searchable]")) makeSearchable(root);
    root.querySelectorAll("select[data-searchable]").forEach(makeSearchable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-autosubmit]").forEach(submitOnChoice);
    enhance(document);
  });
  // htmx:load names each piece of content an htmx swap put in (an outerHTML swap's target is
  // already gone by htmx:afterSwap).
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail && event.detail.elt);
  });
})();
