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

  // What had focus inside the content about to be replaced (a select just changed, a checkbox
  // just ticked), to put focus back on its successor instead of the top of the new content.
  var focusedBefore = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    focusedBefore = null;
    if (target && active && active !== document.body && target.contains(active)) {
      focusedBefore = {
        id: active.id,
        name: active.getAttribute("name"),
        value: /checkbox|radio/.test(active.type || "") ? active.value : null,
        tag: active.tagName.toLowerCase(),
      };
    }
  });

  function successor(root, was) {
    if (!was) return null;
    var found = was.id ? document.getElementById(was.id) : null;
    if (found && root.contains(found)) return found;
    if (!was.name) return null;
    var selector = was.tag + '[name="' + CSS.escape(was.name) + '"]';
    if (was.value !== null) selector += '[value="' + CSS.escape(was.value) + '"]';
    return root.querySelector(selector);
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    // An outerHTML swap replaced the target itself: its successor carries the same id.
    if (!document.body.contains(target)) target = target.id ? document.getElementById(target.id) : null;
    if (!target) return;
    var active = document.activeElement;
    // Someone typing or choosing in a field that is still there (a search box above the
    // results it filters) keeps their place.
    var typing = active && active !== document.body && document.body.contains(active) &&
      /INPUT|TEXTAREA|SELECT/.test(active.tagName);
    var summary = target.matches("[data-announce]") ? target : target.querySelector("[data-announce]");
    var heading = target.querySelector("h1, h2, h3, [data-focus]");
    var message = target.querySelector(".message");
    if (!typing) {
      var focusable = successor(target, focusedBefore) || heading || target;
      if (!focusable.matches("a[href], button, input, select, textarea, [tabindex]")) {
        focusable.setAttribute("tabindex", "-1");
      }
      focusable.focus({ preventScroll: true });
    }
    focusedBefore = null;
    var text = summary ? summary.getAttribute("data-announce") || summary.textContent
                       : heading ? heading.textContent : "";
    // A message the swap brought (saved, refused) is said first.
    announce([message ? message.textContent.trim() : "", text.trim()].filter(Boolean).join(" · "));
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

/* Phones (issue #17).
 *
 * - The header's Menu button (shown on phones only) folds the links away behind it; Escape
 *   folds them again and gives the button its focus back.
 * - A .table-scroll box whose table is wider than the box becomes a named region one can Tab to
 *   and scroll with the arrow keys, says that more columns lie to the side, and keeps its key
 *   columns (up to the row's name, its <th scope="row">, else the first) in view.
 */
(function () {
  "use strict";

  function setMenu(header, open) {
    header.classList.toggle("menu-open", open);
    var button = header.querySelector(".menu-toggle");
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".menu-toggle");
    if (!button) return;
    var header = button.closest(".site-header");
    setMenu(header, !header.classList.contains("menu-open"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var header = document.querySelector(".site-header.menu-open");
    if (!header || !header.contains(document.activeElement)) return;
    setMenu(header, false);
    header.querySelector(".menu-toggle").focus();
  });

  function precedingHeading(box) {
    for (var node = box; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
        var inner = prev.querySelectorAll && prev.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner && inner.length) return inner[inner.length - 1].textContent.trim();
      }
    }
    return "";
  }

  function keyColumn(table) {
    var row = table.tBodies[0] && table.tBodies[0].rows[0];
    if (!row) return 0;
    for (var i = 0; i < row.cells.length; i++) {
      if (row.cells[i].colSpan > 1) return -1; // an "empty" row: nothing to pin
      if (row.cells[i].tagName === "TH" && row.cells[i].scope === "row") return i;
    }
    return 0;
  }

  function pinKeyColumns(box, table) {
    box.querySelectorAll(".key-col").forEach(function (cell) {
      cell.classList.remove("key-col");
      cell.style.left = "";
    });
    var last = keyColumn(table);
    if (last < 0) return;
    Array.prototype.forEach.call(table.rows, function (row) {
      if (row.cells.length <= last + 1) return;
      for (var i = 0; i <= last; i++) if (row.cells[i].colSpan > 1) return;
      for (var j = 0; j <= last; j++) row.cells[j].classList.add("key-col");
    });
    // Offsets once the pinned cells have their (capped) widths; pinning columns that would
    // cover most of the box would leave nothing to scroll into view: then pin none.
    var first = table.rows[0];
    var left = 0;
    var offsets = [];
    for (var k = 0; k <= last && first && k < first.cells.length; k++) {
      offsets.push(left);
      left += first.cells[k].getBoundingClientRect().width;
    }
    if (left > box.clientWidth * 0.6) {
      box.querySelectorAll(".key-col").forEach(function (cell) { cell.classList.remove("key-col"); });
      return;
    }
    Array.prototype.forEach.call(table.rows, function (row) {
      for (var c = 0; c <= last && c < row.cells.length; c++) {
        if (row.cells[c].classList.contains("key-col")) row.cells[c].style.left = offsets[c] + "px";
      }
    });
  }

  function markScrollable(box) {
    var table = box.querySelector("table");
    var wide = !!table && box.scrollWidth > box.clientWidth + 1;
    var marked = box.hasAttribute("data-scroll-marked");
    if (wide && !marked) {
      var caption = table.querySelector("caption");
      var name = (caption && caption.textContent.trim()) || precedingHeading(box);
      var hint = document.documentElement.getAttribute("data-scroll-hint") || "";
      box.setAttribute("data-scroll-marked", "");
      box.setAttribute("data-scroll-hint", hint);
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name ? name + " (" + hint.toLowerCase() + ")" : hint);
      box.classList.add("is-scrollable");
    } else if (!wide && marked) {
      ["data-scroll-marked", "tabindex", "role", "aria-label"].forEach(function (attribute) {
        box.removeAttribute(attribute);
      });
      box.classList.remove("is-scrollable");
    }
    if (wide) pinKeyColumns(box, table);
    else box.querySelectorAll(".key-col").forEach(function (cell) {
      cell.classList.remove("key-col");
      cell.style.left = "";
    });
  }

  function markAll() {
    document.querySelectorAll(".table-scroll").forEach(markScrollable);
  }

  var pending = false;
  function markSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; markAll(); });
  }

  document.addEventListener("DOMContentLoaded", markAll);
  window.addEventListener("load", markSoon);
  window.addEventListener("resize", markSoon);
  document.addEventListener("htmx:afterSettle", markSoon);
})();

/* Facets and other side panels marked details[data-fold-narrow] start folded on a phone, so
 * the results come first in view; once the person opens or closes one, a panel htmx puts in
 * its place (new results) keeps that choice. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 768px)");
  var chosen = null;

  function fold(root) {
    if (!root || !root.querySelectorAll) return;
    var panels = Array.prototype.slice.call(root.querySelectorAll("details[data-fold-narrow]"));
    if (root.matches && root.matches("details[data-fold-narrow]")) panels.push(root);
    panels.forEach(function (panel) {
      var open = chosen === null ? !narrow.matches : chosen;
      if (panel.open !== open) panel.open = open;
      panel.querySelector("summary").addEventListener("click", function () {
        chosen = !panel.open; // the click toggles it after this handler
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { fold(document); });
  document.addEventListener("htmx:load", function (event) { fold(event.detail && event.detail.elt); });
})();
